import { describe, expect, it } from 'vitest';
import { emptyArvi } from '../../src/lib/domain/arvi';
import { arviWithoutTexts, keptFrom } from '../../src/lib/domain/retention';

describe('keptFrom', () => {
	it('counts calendar months back from the day; a day the month lacks becomes its last day', () => {
		expect(keptFrom('2028-12-01', 24)).toBe('2026-12-01');
		expect(keptFrom('2026-05-31', 3)).toBe('2026-02-28');
		expect(keptFrom('2028-05-31', 3)).toBe('2028-02-29');
		expect(keptFrom('2026-01-15', 1)).toBe('2025-12-15');
		expect(keptFrom('2026-03-10', 120)).toBe('2016-03-10');
	});
});

describe('arviWithoutTexts', () => {
	it('keeps the codes the outcome figures count and removes every text, name and workplace', () => {
		const content = {
			...emptyArvi('Eero Lehtonen'),
			activities: 'Harjoiteltiin',
			workPeriods: [{ from: '2026-10-01', until: '2026-10-10', workplace: 'Satama Oy' }],
			qualifications: [{ kind: 'licence' as const, name: 'Trukkikortti', date: '2026-10-05' }],
			situation: 'training' as const,
			readiness: 'ready' as const,
			nextSteps: [{ kind: 'job' as const, reason: 'Haluaa satamaan' }],
			customerView: 'Hyvä kurssi'
		};
		const out = arviWithoutTexts(content);
		expect(JSON.stringify(out)).not.toMatch(/Eero|Harjoiteltiin|Satama|Trukkikortti|Haluaa|Hyvä/);
		expect([out.situation, out.readiness, out.qualifications[0].kind, out.nextSteps[0].kind]).toEqual(['training', 'ready', 'licence', 'job']);
	});
});
