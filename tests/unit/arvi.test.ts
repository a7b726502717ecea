import { describe, expect, it } from 'vitest';
import { arviFromForm, arviProblems, emptyArvi, parseArvi, type ArviContent } from '../../src/lib/domain/arvi';

const period = { startDate: '2026-09-01', endDate: '2026-11-20', today: '2026-11-23' };
const complete: ArviContent = {
	...emptyArvi('Eero Lehtonen'),
	activities: 'Ryhmävalmennus',
	skills: 'Tiimityö',
	suitableWork: 'Varastotyö',
	readiness: 'mostly_ready',
	situation: 'job_seeker',
	situationFrom: '2026-11-21',
	nextSteps: [{ kind: 'another_service', reason: 'Työkokeilu' }],
	customerView: 'Hyvä',
	reviewedOn: '2026-11-20',
	reviewedHow: 'phone'
};

describe('ARVI completeness', () => {
	it('a complete ARVI has no problems', () => {
		expect(arviProblems(complete, period)).toEqual({});
	});

	it('names every missing required part', () => {
		expect(Object.keys(arviProblems(emptyArvi(), period)).sort()).toEqual(
			['activities', 'customerView', 'nextSteps', 'readiness', 'reviewedBy', 'reviewedHow', 'reviewedOn', 'situation', 'situationFrom', 'skills', 'suitableWork'].sort()
		);
	});

	it('"other" needs a description; review dates are neither in the future nor before the service', () => {
		expect(arviProblems({ ...complete, situation: 'other' }, period)).toEqual({ situationText: 'arviRequired' });
		expect(arviProblems({ ...complete, reviewedOn: '2026-11-24' }, period)).toEqual({ reviewedOn: 'arviFuture' });
		expect(arviProblems({ ...complete, reviewedOn: '2026-08-31' }, period)).toEqual({ reviewedOn: 'arviBeforeStart' });
		expect(arviProblems({ ...complete, situationFrom: '2026-08-01' }, period)).toEqual({ situationFrom: 'arviBeforeStart' });
	});

	it('each next step needs its reason; work periods lie inside the service, in order', () => {
		expect(arviProblems({ ...complete, nextSteps: [{ kind: 'job', reason: ' ' }] }, period)).toEqual({ 'nextSteps.0.reason': 'arviRequired' });
		expect(arviProblems({ ...complete, workPeriods: [{ from: '2026-10-10', until: '2026-10-01', workplace: 'K-Market' }] }, period)).toEqual({ 'workPeriods.0.until': 'arviDateOrder' });
		expect(arviProblems({ ...complete, workPeriods: [{ from: '2026-10-01', until: '2026-12-01', workplace: 'K-Market' }] }, period)).toEqual({ 'workPeriods.0.from': 'arviOutsidePeriod' });
		expect(arviProblems({ ...complete, qualifications: [{ kind: 'card', name: '', date: '2026-12-01' }] }, period)).toEqual({ 'qualifications.0.name': 'arviRequired', 'qualifications.0.date': 'arviFuture' });
	});
});

describe('reading a draft', () => {
	it('refuses over-long text, unknown codes and bad dates, with the field', () => {
		expect(parseArvi({ ...complete, customerView: 'x'.repeat(2001) })).toEqual({ ok: false, problems: { customerView: 'tooLong' } });
		expect(parseArvi({ ...complete, readiness: 'maybe' })).toEqual({ ok: false, problems: { readiness: 'invalidInput' } });
		expect(parseArvi({ ...complete, nextSteps: [{ kind: 'job', reason: 'x' }], reviewedOn: '2026-02-30' })).toEqual({ ok: false, problems: { reviewedOn: 'dateInvalid' } });
		expect(parseArvi({ ...complete, skills: '  trimmed  ' })).toMatchObject({ ok: true, value: { skills: 'trimmed' } });
	});

	it('reads the form: list rows by index, empty rows ignored', () => {
		const data = new FormData();
		data.set('activities', 'Valmennus');
		data.set('nextSteps.0.kind', 'job');
		data.set('nextSteps.0.reason', 'Työ');
		data.set('nextSteps.1.kind', '');
		data.set('nextSteps.1.reason', '');
		data.set('workPeriods.0.from', '2026-10-01');
		data.set('workPeriods.0.until', '2026-10-10');
		data.set('workPeriods.0.workplace', 'Kahvila');
		const parsed = parseArvi(arviFromForm(data));
		expect(parsed).toMatchObject({ ok: true, value: { activities: 'Valmennus', nextSteps: [{ kind: 'job', reason: 'Työ' }], workPeriods: [{ workplace: 'Kahvila' }], qualifications: [] } });
	});
});
