/**
 * The notice pages of both workspaces: the case officer's queue and decision form (/area/…/notices) and
 * the provider's read-only view of what it sent and what the area answered (/provider/…/notices).
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { pageFrom } from '$lib/paging';
import { inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { NOTICE_KINDS, NOTICE_STATUSES } from '$lib/domain/attendance';
import { msg } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { users } from '../db/schema';
import { field, refuse, validate, type ErrorCode } from '../forms';
import { version } from '../forms/schemas';
import { checkForm } from '$lib/forms/form';
import { decideForm } from '$lib/forms/notices';
import { authorizeParticipation, canOnParticipation, hasRole } from '../policy';
import { authorizeInWorkspace, resolveInWorkspace } from '../workspace';
import { acknowledgeNotice, decideNotice, getNotice, listNotices, noticeScopeOf, type NoticeError } from './service';

type Side = 'area' | 'provider';
type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; noticeId?: string } };

export { COMMENT_MAX, decideSchema } from '$lib/forms/notices';

const acknowledgeSchema = v.object({ version });

/** The service's refusals as message codes (`errors.<code>`); the generic `conflict` text is about referrals. */
const ERROR_CODE: Record<NoticeError, ErrorCode> = {
	notFound: 'notFound',
	conflict: 'noticeConflict',
	alreadyDecided: 'noticeAlreadyDecided',
	decisionNotAllowed: 'decisionNotAllowed'
};

const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
	value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/**
 * The list with its filters from the query string (unknown values are ignored). "Only my customers" is on
 * by default for a case officer; the form sends `mine=0` before the checkbox so that turning it off sticks.
 */
export async function loadNoticeList(event: Ev, side: Side) {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'notice.list', event.params.orgId, side);
	const q = event.url.searchParams;
	const mineValues = q.getAll('mine');
	const filters = {
		status: pick(NOTICE_STATUSES, q.get('status')),
		kind: pick(NOTICE_KINDS, q.get('kind')),
		mine: side === 'area' && (mineValues.length ? mineValues.includes('1') : hasRole(actor, orgId, 'case_officer')),
		overdueOnly: q.get('overdue') === '1',
		undecidedOnly: q.get('undecided') === '1',
		recentlyDecided: q.get('recent') === '1'
	};
	const { rows, paging } = await listNotices(await getDb(), auditContext(event, orgId), actor, orgId, filters, pageFrom(event.url.searchParams));
	return {
		filters,
		canFilterMine: side === 'area',
		notices: rows.map((r) => ({
			...r,
			overdue: !!r.overdue,
			createdAt: r.createdAt.toISOString(),
			decidedAt: r.decidedAt?.toISOString() ?? null,
			readAt: r.readAt?.toISOString() ?? null
		})),
		paging
	};
}

/** The notice's participation scope as seen from this workspace: 404 unless the actor may read it here. */
async function noticeFor(event: Ev, side: Side) {
	const { actor, db, scope } = await resolveInWorkspace(event, event.params.noticeId, {
		gate: () => authorizeInWorkspace(event.locals.actor, 'notice.list', event.params.orgId, side),
		load: noticeScopeOf,
		authorize: (a, s) => authorizeParticipation(a, 'participation.read', s)
	});
	return { actor, db, scope, noticeId: event.params.noticeId! };
}

export async function loadNotice(event: Ev, side: Side) {
	const { actor, db, scope, noticeId } = await noticeFor(event, side);
	const detail = await getNotice(db, auditContext(event, event.params.orgId), actor, noticeId);
	if (!detail) error(404, 'notFound');
	const n = detail.notice;
	const ids = [n.createdBy, n.officerId, n.acknowledgedBy, n.decidedBy].filter((x): x is string => !!x);
	const people = new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]));
	const nameOf = (id: string | null) => (id ? (people.get(id) ?? null) : null);
	const runLength = n.kind === 'absence_threshold' && /^\d+$/.test(n.reason ?? '') ? Number(n.reason) : null;
	return {
		side,
		notice: {
			id: n.id,
			kind: n.kind,
			status: n.status,
			day: n.day,
			fromDay: n.fromDay,
			runLength,
			reason: runLength === null ? n.reason : null,
			text: n.text,
			dueOn: n.dueOn,
			createdAt: n.createdAt.toISOString(),
			readAt: n.readAt?.toISOString() ?? null,
			acknowledgedAt: n.acknowledgedAt?.toISOString() ?? null,
			decidedAt: n.decidedAt?.toISOString() ?? null,
			decision: n.decision,
			comment: n.comment,
			version: n.version
		},
		sentByName: nameOf(n.createdBy),
		officerName: nameOf(n.officerId),
		acknowledgedByName: nameOf(n.acknowledgedBy),
		decidedByName: nameOf(n.decidedBy),
		customer: { name: detail.customerName, customerNumber: detail.customerNumber },
		contract: { number: detail.contractNumber, title: detail.contractTitle },
		providerName: detail.providerName,
		participation: { status: scope.status, plannedEndDate: scope.plannedEndDate },
		changedMarks: detail.changedMarks,
		decisions: [...detail.decisions],
		canDecide: canOnParticipation(actor, 'notice.decide', scope),
		overdue: n.status !== 'decided' && n.dueOn < actor.today
	};
}

/** Only the area's case officers and admins act on a notice (a provider gets 403, a stranger 404). */
export const noticeActions = {
	acknowledge: async (event: Ev) => {
		const { actor, db, scope, noticeId } = await noticeFor(event, 'area');
		authorizeParticipation(actor, 'notice.decide', scope);
		const checked = validate(acknowledgeSchema, { version: field(await event.request.formData(), 'version') });
		if (!checked.ok) return fail(400, { form: 'acknowledge', message: msg('errors.invalidInput') });
		const r = await acknowledgeNotice(db, auditContext(event, event.params.orgId), actor, noticeId, checked.value.version);
		return r.ok ? { form: 'acknowledge', success: msg('notices.acknowledgedDone') } : refuse(ERROR_CODE[r.error], { form: 'acknowledge' });
	},
	decide: async (event: Ev) => {
		const { actor, db, scope, noticeId } = await noticeFor(event, 'area');
		authorizeParticipation(actor, 'notice.decide', scope);
		const data = await event.request.formData();
		const checked = checkForm(decideForm, data);
		// Echoed back so that nothing typed is lost; the browser already stops at the maximum length.
		const values = { decision: checked.values.decision, comment: checked.values.comment };
		if (!checked.ok) {
			const message = msg(checked.errors.version ? 'errors.invalidInput' : 'errors.checkFields');
			return fail(400, { form: 'decide', values, errors: checked.errors, message });
		}
		const { decision, comment } = checked.value;
		const r = await decideNotice(db, auditContext(event, event.params.orgId), actor, noticeId, checked.value.version, { decision, comment });
		return r.ok ? { form: 'decide', success: msg('notices.decidedDone') } : refuse(ERROR_CODE[r.error], { form: 'decide', values });
	}
};
