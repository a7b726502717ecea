import { randomUUID } from 'node:crypto';
import { pageFrom } from '$lib/paging';
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { isScheduledDay, monthOf, PARTICIPATION_STATUSES, type ParticipationStatus } from '$lib/domain/attendance';
import { addDays, isIsoDate } from '$lib/domain/clock';
import { isoWeekday } from '$lib/domain/working-days';
import { msg, translate, type Locale, type MessageKey } from '$lib/i18n';
import { auditContext } from '../audit';
import { recordAttendance } from '../attendance/service';
import { participationContext, type ParticipationContext } from './context';
import { meetingSchema } from '../attendance/schemas';
import { markErrorKey } from '../attendance/pages';
import { csvResponse } from '../csv';
import { getDb } from '../db';
import { field, validate } from '../forms';
import type { GenericSchema } from 'valibot';
import { checkForm, type FormSpec } from '$lib/forms/form';
import { CHANGE_FORMS, type ChangeKind } from '$lib/forms/participations';
import { noticesOfParticipation } from '../notices/service';
import { arviOfParticipation } from '../arvi/service';
import { feedbackChannelsOf, feedbackInvitationOf } from '../feedback/service';
import { canInOrg, authorizeInOrg, authorizeParticipation, canOnParticipation, hasRole, membershipIn, type Actor, type ParticipationAction } from '../policy';
import { resolveInWorkspace } from '../workspace';
import { absenceReport, REPORT_MAX_DAYS, type AbsenceReport } from './report';
import { changeParticipation, getParticipation, listParticipations, markHistory, type ParticipationChange, type ParticipationError } from './service';
import { ABSENCE_REASON_KEY } from '$lib/i18n/labels/attendance';
import { PARTICIPATION_DONE_KEY, PARTICIPATION_ERROR_KEY } from '$lib/i18n/labels/participations';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; participationId?: string } };

export async function loadParticipationList(event: Ev) {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'participation.list', orgId);
	const q = event.url.searchParams;
	const status = q.get('status') ?? '';
	// A coach sees their own customers first; "all" is one click away.
	const mineDefault = membershipIn(actor, orgId)?.kind === 'provider' && !hasRole(actor, orgId, 'provider_admin');
	const filters = {
		status: (PARTICIPATION_STATUSES as readonly string[]).includes(status) ? (status as ParticipationStatus) : undefined,
		mine: q.has('mine') ? q.getAll('mine').includes('1') : mineDefault,
		text: (q.get('q') ?? '').trim().slice(0, 100) || undefined,
		startFrom: isIsoDate(q.get('startFrom') ?? '') ? (q.get('startFrom') as string) : undefined,
		startUntil: isIsoDate(q.get('startUntil') ?? '') ? (q.get('startUntil') as string) : undefined
	};
	const db = await getDb();
	const { rows, paging } = await listParticipations(db, auditContext(event, orgId), actor, orgId, filters, pageFrom(event.url.searchParams));
	return { filters, participations: rows, paging };
}

/** One participation in this workspace (404 unless the actor may see it here, 403 unless they may do `action`). */
async function participationFor(event: Ev, action: ParticipationAction): Promise<{ actor: Actor; p: ParticipationContext }> {
	const { actor, scope } = await resolveInWorkspace(event, event.params.participationId, {
		load: participationContext,
		authorize: (a, p) => authorizeParticipation(a, action, p)
	});
	return { actor, p: scope };
}

export async function loadParticipationPage(event: Ev) {
	const { actor, p } = await participationFor(event, 'participation.read');
	const orgId = event.params.orgId;
	const q = event.url.searchParams;
	const monthParam = q.get('month') ?? '';
	const month = monthOf(/^\d{4}-\d{2}$/.test(monthParam) && isIsoDate(`${monthParam}-01`) ? `${monthParam}-01` : actor.today);
	const db = await getDb();
	const ctx = auditContext(event, orgId);
	const data = await getParticipation(db, ctx, p.id, { from: month.first, until: month.last });
	if (!data) error(404, 'notFound');
	const historyDay = q.get('day');
	const history = historyDay && isIsoDate(historyDay) ? { day: historyDay, rows: await markHistory(db, p.id, historyDay) } : null;
	const inProvider = p.providerId === orgId;
	const calendar = [];
	for (let d = month.first; d <= month.last; d = addDays(d, 1)) {
		calendar.push({
			day: d,
			weekday: isoWeekday(d),
			expected:
				!!data.cohort &&
				d >= data.participation.startDate &&
				(!data.participation.endDate || d <= data.participation.endDate) &&
				isScheduledDay(data.cohort, d),
			marks: data.marks.filter((m) => m.day === d).map((m) => ({ ...m, markedAt: m.markedAt.toISOString() })),
			meetings: data.meetings
				.filter((m) => m.day === d)
				.map((m) => ({ id: m.id, startTime: m.startTime, durationMinutes: m.durationMinutes, mode: m.mode, cancelled: !!m.cancelledAt }))
		});
	}
	return {
		today: actor.today,
		month: month.first.slice(0, 7),
		previousMonth: addDays(month.first, -1).slice(0, 7),
		nextMonth: addDays(month.last, 1).slice(0, 7),
		participation: {
			...data.participation,
			createdAt: data.participation.createdAt.toISOString(),
			firstMeetingAt: data.participation.firstMeetingAt?.toISOString() ?? null
		},
		customer: { name: data.customerName, number: data.customerNumber, language: data.customerLanguage },
		contract: { number: data.contractNumber, title: data.contractTitle },
		cohort: data.cohort ? { name: data.cohort.name, dailyStart: data.cohort.dailyStart, dailyEnd: data.cohort.dailyEnd } : null,
		coachName: data.coachName,
		calendar,
		events: data.events.map((e) => ({ ...e, recordedAt: e.recordedAt.toISOString() })),
		notices: (await noticesOfParticipation(db, p.id)).map((n) => ({
			...n,
			createdAt: n.createdAt.toISOString(),
			decidedAt: n.decidedAt?.toISOString() ?? null
		})),
		history: history && { day: history.day, rows: history.rows.map((r) => ({ ...r, markedAt: r.markedAt.toISOString() })) },
		side: inProvider ? ('provider' as const) : ('area' as const),
		arvi: await arviOfParticipation(db, p.id, inProvider ? 'provider' : 'area'),
		canRecord: inProvider && canOnParticipation(actor, 'participation.record', p),
		canReport: inProvider && canOnParticipation(actor, 'participation.report', p),
		/** The area's people who file quality remarks may file one about this participation. */
		canFileRemark: !inProvider && canInOrg(actor, 'remark.file', p.areaId),
		/** The participant's feedback invitation (open or not, until when); the coach shows it, the area sends it. */
		feedback: await feedbackInvitationOf(db, p.id, event.locals.clock()),
		canShowFeedback: inProvider && canOnParticipation(actor, 'feedback.show', p),
		canSendFeedback: !inProvider && canOnParticipation(actor, 'feedback.send', p),
		/** Which channels the area can send it by (an address on record; SMS only when configured). */
		feedbackChannels: !inProvider && canOnParticipation(actor, 'feedback.send', p) ? await feedbackChannelsOf(db, p.customerId) : null,
		/** The idempotency key of the next planned meeting: a double tap saves one meeting, a new load gives a new key. */
		meetingKey: randomUUID()
	};
}

const ERROR_STATUS: Partial<Record<ParticipationError, number>> = { notFound: 404, conflict: 409 };

async function change(event: Ev, kind: ChangeKind) {
	const { actor, p } = await participationFor(event, 'participation.record');
	const data = await event.request.formData();
	// Every change has a version; the rest of its fields are the change's own (the service reads them by kind).
	const spec: FormSpec<GenericSchema<unknown, ParticipationChange & { version: number }>> = CHANGE_FORMS[kind];
	const parsed = checkForm(spec, data);
	if (!parsed.ok) {
		// A forged version is no field's fault: "check what you entered"; otherwise the fields are marked.
		const message = msg(parsed.errors.version ? 'errors.invalidInput' : 'errors.checkFields');
		return fail(400, { action: kind, errors: parsed.errors, message });
	}
	const { version, ...change } = parsed.value;
	const r = await changeParticipation(await getDb(), auditContext(event, event.params.orgId), actor, p.id, version, change);
	if (!r.ok) return fail(ERROR_STATUS[r.error] ?? 400, { action: kind, message: PARTICIPATION_ERROR_KEY[r.error] });
	return { action: kind, success: PARTICIPATION_DONE_KEY[kind] };
}

export const participationActions = {
	start: (event: Ev) => change(event, 'start'),
	interrupt: (event: Ev) => change(event, 'interrupt'),
	complete: (event: Ev) => change(event, 'complete'),
	requestExtension: (event: Ev) => change(event, 'requestExtension'),
	/** Plans (or records afterwards) a coaching meeting; the same key twice makes one meeting. */
	meeting: async (event: Ev) => {
		const { actor, p } = await participationFor(event, 'participation.record');
		const data = await event.request.formData();
		const parsed = validate(meetingSchema, {
			clientKey: field(data, 'clientKey'),
			participationId: p.id,
			day: field(data, 'day'),
			startTime: field(data, 'startTime'),
			durationMinutes: field(data, 'durationMinutes'),
			mode: field(data, 'mode')
		});
		if (!parsed.ok) return fail(400, { action: 'meeting', errors: parsed.errors, message: msg('errors.invalidInput') });
		const r = await recordAttendance(await getDb(), auditContext(event, event.params.orgId), actor, { marks: [], meetings: [parsed.value] });
		const [m] = r.meetings;
		if (!m.ok) return fail(400, { action: 'meeting', message: markErrorKey(m.error) });
		return { action: 'meeting', success: msg('participations.done.meeting') };
	}
};

/** The report's period: `?from=&until=`, by default the last two full weeks (Monday to Sunday) before today. */
function reportPeriod(event: Ev, today: string): { from: string; until: string } | { problem: MessageKey } {
	const q = event.url.searchParams;
	const lastSunday = addDays(today, -isoWeekday(today));
	const from = q.get('from') || addDays(lastSunday, -13);
	const until = q.get('until') || lastSunday;
	if (!isIsoDate(from) || !isIsoDate(until)) return { problem: 'errors.dateInvalid' };
	if (until < from) return { problem: 'errors.periodInvalid' };
	if (addDays(from, REPORT_MAX_DAYS - 1) < until) return { problem: 'participations.report.tooLong' };
	return { from, until };
}

export async function loadReport(event: Ev) {
	const { actor, p } = await participationFor(event, 'participation.report');
	const period = reportPeriod(event, actor.today);
	if ('problem' in period)
		return { problem: period.problem, from: event.url.searchParams.get('from') ?? '', until: event.url.searchParams.get('until') ?? '', report: null };
	const report = await absenceReport(await getDb(), auditContext(event, event.params.orgId), p.id, period.from, period.until);
	if (!report) error(404, 'notFound');
	return { problem: null, ...period, report, producedAt: new Date(event.locals.clock().getTime()).toISOString(), producedBy: event.locals.user?.name ?? '' };
}

export async function reportCsv(event: Ev): Promise<Response> {
	const { actor, p } = await participationFor(event, 'participation.report');
	const period = reportPeriod(event, actor.today);
	// A hand-made link with a bad period: the message itself, in the user's language (not an error page).
	if ('problem' in period)
		return new Response(translate(event.locals.locale, period.problem), { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } });
	const r = await absenceReport(await getDb(), auditContext(event, event.params.orgId), p.id, period.from, period.until);
	if (!r) error(404, 'notFound');
	return csvResponse(`absences-${r.customerNumber.replace(/[^A-Za-z0-9_-]/g, '')}-${r.from}-${r.until}.csv`, absenceReportRows(r, event.locals.locale), ';');
}

/**
 * The report as the benefit payer's staff read it: in the user's language, `;`-separated (what Excel
 * expects where the decimal separator is a comma, as in Finland).
 */
function absenceReportRows(r: AbsenceReport, locale: Locale): unknown[][] {
	const tr = (key: MessageKey) => translate(locale, key);
	const rows: unknown[][] = [
		[
			tr('participations.csv.customerNumber'),
			tr('participations.csv.customerName'),
			tr('participations.csv.contract'),
			tr('participations.csv.day'),
			tr('participations.csv.what'),
			tr('participations.csv.mark'),
			tr('participations.csv.reason'),
			tr('participations.csv.note')
		],
		...r.days.map((d) => [
			r.customerNumber,
			r.customerName,
			r.contractNumber,
			d.day,
			d.meetingTime
				? `${tr('attendance.meetingItem')} ${d.meetingTime}`
				: d.expected
					? tr('participations.report.trainingDay')
					: tr('participations.report.extraDay'),
			d.status === 'present' ? tr('attendance.present') : d.status === 'absent' ? tr('attendance.absent') : tr('participations.unmarked'),
			d.reason ? tr(ABSENCE_REASON_KEY[d.reason]) : '',
			d.reasonText
		])
	];
	return rows;
}
