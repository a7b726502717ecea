import { describe, expect, it } from 'vitest';
import { ARVI_LIMITS, arviFromForm, arviProblems, emptyArvi, parseArvi, type ArviContent } from '../../src/lib/domain/arvi';

// Service 1 Sep – 20 Nov 2026, checked on Monday 23 Nov.
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

const problems = (overrides: Partial<ArviContent>) => arviProblems({ ...complete, ...overrides }, period);

describe('ARVI completeness', () => {
	it('a complete ARVI has no problems', () => {
		expect(arviProblems(complete, period)).toEqual({});
	});

	it('names every missing required part of an empty ARVI', () => {
		expect(Object.keys(arviProblems(emptyArvi(), period)).sort()).toEqual(
			[
				'activities',
				'customerView',
				'nextSteps',
				'readiness',
				'reviewedBy',
				'reviewedHow',
				'reviewedOn',
				'situation',
				'situationFrom',
				'skills',
				'suitableWork'
			].sort()
		);
	});

	it.each([
		'activities',
		'skills',
		'suitableWork',
		'readiness',
		'situation',
		'situationFrom',
		'customerView',
		'reviewedOn',
		'reviewedHow',
		'reviewedBy'
	] as const)('%s is required', (field) => {
		expect(problems({ [field]: '' })).toEqual({ [field]: 'arviRequired' });
	});

	it.each(['activities', 'skills', 'suitableWork', 'customerView', 'reviewedBy'] as const)('%s of only spaces is missing', (field) => {
		expect(problems({ [field]: '   ' })).toEqual({ [field]: 'arviRequired' });
	});

	it('the situation "other" needs a description; the other situations do not', () => {
		expect(problems({ situation: 'other' })).toEqual({ situationText: 'arviRequired' });
		expect(problems({ situation: 'other', situationText: '  ' })).toEqual({ situationText: 'arviRequired' });
		expect(problems({ situation: 'other', situationText: 'Perhevapaalla' })).toEqual({});
		expect(problems({ situation: 'employed', situationText: '' })).toEqual({});
	});

	it('the review with the customer is not in the future nor before the service began (both ends allowed)', () => {
		expect(problems({ reviewedOn: '2026-11-24' })).toEqual({ reviewedOn: 'arviFuture' });
		expect(problems({ reviewedOn: '2026-08-31' })).toEqual({ reviewedOn: 'arviBeforeStart' });
		expect(problems({ reviewedOn: period.today })).toEqual({});
		expect(problems({ reviewedOn: period.startDate })).toEqual({});
	});

	it('the situation at the end does not begin before the service', () => {
		expect(problems({ situationFrom: '2026-08-01' })).toEqual({ situationFrom: 'arviBeforeStart' });
		expect(problems({ situationFrom: period.startDate })).toEqual({});
	});

	it('needs at least one next step, and each step its kind and reason', () => {
		expect(problems({ nextSteps: [] })).toEqual({ nextSteps: 'arviNextStepRequired' });
		expect(problems({ nextSteps: [{ kind: 'job', reason: ' ' }] })).toEqual({ 'nextSteps.0.reason': 'arviRequired' });
		expect(
			problems({
				nextSteps: [
					{ kind: 'job', reason: 'Työ' },
					{ kind: '', reason: 'Koulutus' }
				]
			})
		).toEqual({ 'nextSteps.1.kind': 'arviRequired' });
		expect(
			problems({
				nextSteps: [
					{ kind: 'job', reason: 'Työ' },
					{ kind: 'further_training', reason: '' }
				]
			})
		).toEqual({ 'nextSteps.1.reason': 'arviRequired' });
	});

	it('a work period runs forwards, inside the service period, with all its fields', () => {
		const wp = (from: string, until: string, workplace = 'K-Market') => ({ workPeriods: [{ from, until, workplace }] });
		expect(problems(wp('2026-10-10', '2026-10-01'))).toEqual({ 'workPeriods.0.until': 'arviDateOrder' });
		expect(problems(wp('2026-08-25', '2026-09-10'))).toEqual({ 'workPeriods.0.from': 'arviOutsidePeriod' });
		expect(problems(wp('2026-10-01', '2026-12-01'))).toEqual({ 'workPeriods.0.from': 'arviOutsidePeriod' });
		// The first and the last day of the service are inside it.
		expect(problems(wp(period.startDate, period.endDate))).toEqual({});
		expect(problems(wp('', '2026-10-01', ''))).toEqual({ 'workPeriods.0.from': 'arviRequired', 'workPeriods.0.workplace': 'arviRequired' });
	});

	it('a qualification needs its kind and name and is not dated in the future', () => {
		expect(problems({ qualifications: [{ kind: 'card', name: '', date: '2026-12-01' }] })).toEqual({
			'qualifications.0.name': 'arviRequired',
			'qualifications.0.date': 'arviFuture'
		});
		expect(problems({ qualifications: [{ kind: '', name: 'Hygieniapassi', date: '' }] })).toEqual({ 'qualifications.0.kind': 'arviRequired' });
		expect(problems({ qualifications: [{ kind: 'card', name: 'Hygieniapassi', date: '' }] })).toEqual({});
	});
});

describe('reading a draft', () => {
	it('accepts a complete draft and trims its text', () => {
		expect(parseArvi(complete)).toEqual({ ok: true, value: complete });
		expect(parseArvi({ ...complete, skills: '  trimmed  ' })).toMatchObject({ ok: true, value: { skills: 'trimmed' } });
	});

	it('refuses over-long text at the limit + 1, with the field path', () => {
		expect(parseArvi({ ...complete, customerView: 'x'.repeat(ARVI_LIMITS.longText) })).toMatchObject({ ok: true });
		expect(parseArvi({ ...complete, customerView: 'x'.repeat(ARVI_LIMITS.longText + 1) })).toEqual({ ok: false, problems: { customerView: 'tooLong' } });
		expect(parseArvi({ ...complete, skills: 'x'.repeat(ARVI_LIMITS.text + 1) })).toEqual({ ok: false, problems: { skills: 'tooLong' } });
		expect(parseArvi({ ...complete, nextSteps: [{ kind: 'job', reason: 'x'.repeat(ARVI_LIMITS.shortText + 1) }] })).toEqual({
			ok: false,
			problems: { 'nextSteps.0.reason': 'tooLong' }
		});
		expect(parseArvi({ ...complete, workPeriods: [{ from: '', until: '', workplace: 'x'.repeat(ARVI_LIMITS.name + 1) }] })).toEqual({
			ok: false,
			problems: { 'workPeriods.0.workplace': 'tooLong' }
		});
	});

	it('refuses too many list rows', () => {
		const steps = Array.from({ length: ARVI_LIMITS.nextSteps + 1 }, () => ({ kind: 'job', reason: 'Työ' }));
		expect(parseArvi({ ...complete, nextSteps: steps })).toEqual({ ok: false, problems: { nextSteps: 'tooMany' } });
	});

	it('refuses codes that are not in the code lists, with the field path', () => {
		expect(parseArvi({ ...complete, readiness: 'maybe' })).toEqual({ ok: false, problems: { readiness: 'invalidInput' } });
		expect(parseArvi({ ...complete, situation: 'retired' })).toEqual({ ok: false, problems: { situation: 'invalidInput' } });
		expect(parseArvi({ ...complete, reviewedHow: 'letter' })).toEqual({ ok: false, problems: { reviewedHow: 'invalidInput' } });
		expect(parseArvi({ ...complete, nextSteps: [{ kind: 'holiday', reason: 'x' }] })).toEqual({ ok: false, problems: { 'nextSteps.0.kind': 'invalidInput' } });
		expect(parseArvi({ ...complete, qualifications: [{ kind: 'diploma', name: 'x', date: '' }] })).toEqual({
			ok: false,
			problems: { 'qualifications.0.kind': 'invalidInput' }
		});
	});

	it('refuses dates that are not real days, with the field path', () => {
		expect(parseArvi({ ...complete, reviewedOn: '2026-02-30' })).toEqual({ ok: false, problems: { reviewedOn: 'dateInvalid' } });
		expect(parseArvi({ ...complete, situationFrom: '21.11.2026' })).toEqual({ ok: false, problems: { situationFrom: 'dateInvalid' } });
		expect(parseArvi({ ...complete, workPeriods: [{ from: '2026-10-01', until: '2026-13-01', workplace: 'K' }] })).toEqual({
			ok: false,
			problems: { 'workPeriods.0.until': 'dateInvalid' }
		});
		expect(parseArvi({ ...complete, qualifications: [{ kind: 'card', name: 'x', date: 'eilen' }] })).toEqual({
			ok: false,
			problems: { 'qualifications.0.date': 'dateInvalid' }
		});
	});

	it('refuses something that is not a draft at all', () => {
		expect(parseArvi('nope')).toMatchObject({ ok: false });
		expect(parseArvi({ ...complete, nextSteps: 'job' })).toMatchObject({ ok: false, problems: { nextSteps: expect.any(String) } });
	});
});

describe('reading the form', () => {
	const formWith = (fields: Record<string, string>) => {
		const data = new FormData();
		for (const [k, v] of Object.entries(fields)) data.set(k, v);
		return data;
	};

	it('reads every field, and list rows `name.i.field` in order', () => {
		const data = formWith({
			activities: 'Valmennus',
			skills: 'Tiimityö',
			suitableWork: 'Varasto',
			readiness: 'ready',
			situation: 'employed',
			situationFrom: '2026-11-21',
			situationText: '',
			customerView: 'Hyvä',
			reviewedOn: '2026-11-20',
			reviewedHow: 'in_person',
			reviewedBy: 'Eero',
			'nextSteps.0.kind': 'job',
			'nextSteps.0.reason': 'Työ',
			'nextSteps.1.kind': 'further_training',
			'nextSteps.1.reason': 'Trukkikortti',
			'workPeriods.0.from': '2026-10-01',
			'workPeriods.0.until': '2026-10-10',
			'workPeriods.0.workplace': 'Kahvila',
			'qualifications.0.kind': 'card',
			'qualifications.0.name': 'Hygieniapassi',
			'qualifications.0.date': '2026-10-05'
		});
		expect(parseArvi(arviFromForm(data))).toEqual({
			ok: true,
			value: {
				activities: 'Valmennus',
				workPeriods: [{ from: '2026-10-01', until: '2026-10-10', workplace: 'Kahvila' }],
				qualifications: [{ kind: 'card', name: 'Hygieniapassi', date: '2026-10-05' }],
				skills: 'Tiimityö',
				suitableWork: 'Varasto',
				readiness: 'ready',
				situation: 'employed',
				situationFrom: '2026-11-21',
				situationText: '',
				nextSteps: [
					{ kind: 'job', reason: 'Työ' },
					{ kind: 'further_training', reason: 'Trukkikortti' }
				],
				customerView: 'Hyvä',
				reviewedOn: '2026-11-20',
				reviewedHow: 'in_person',
				reviewedBy: 'Eero'
			}
		});
	});

	it('ignores empty rows (also between filled ones), keeps a row with any field filled', () => {
		const data = formWith({
			'nextSteps.0.kind': '',
			'nextSteps.0.reason': '  ',
			'nextSteps.1.kind': 'job',
			'nextSteps.1.reason': 'Työ',
			'nextSteps.2.kind': '',
			'nextSteps.2.reason': '',
			'nextSteps.3.kind': '',
			'nextSteps.3.reason': 'Vain perustelu',
			'workPeriods.0.from': '',
			'workPeriods.0.until': '',
			'workPeriods.0.workplace': ''
		});
		const content = arviFromForm(data) as ArviContent;
		expect(content.nextSteps).toEqual([
			{ kind: 'job', reason: 'Työ' },
			{ kind: '', reason: 'Vain perustelu' }
		]);
		expect(content.workPeriods).toEqual([]);
		expect(content.qualifications).toEqual([]);
		// The half-filled row is kept so that completeness names its missing kind.
		expect(arviProblems({ ...complete, nextSteps: content.nextSteps }, period)).toEqual({ 'nextSteps.1.kind': 'arviRequired' });
	});

	it('an empty form is an empty draft (all fields present)', () => {
		expect(parseArvi(arviFromForm(new FormData()))).toEqual({ ok: true, value: emptyArvi() });
	});
});
