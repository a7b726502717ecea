/**
 * The ARVI pages of both workspaces: the provider's list and form (/provider/…/arvi), the area's inbox
 * and review (/area/…/arvi), the draft endpoint the device's queue posts to, and the PDF.
 */
import { randomUUID } from 'node:crypto';
import { pageFrom } from '$lib/paging';
import { error, fail, json, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { ARVI_STATUSES, arviFromForm, parseArvi, type ArviStatus } from '$lib/domain/arvi';
import { msg, type MessageKey } from '$lib/i18n';
import { auditContext, recordAudit } from '../audit';
import { getDb } from '../db';
import { field } from '../forms';
import { checkForm, type FieldErrors } from '$lib/forms/form';
import { arviAcceptForm, arviReturnForm } from '$lib/forms/arvi';
import { revision, text, version as versionField } from '../forms/schemas';
import { jsonOfItems } from '../hooks/input';
import { INT4_MAX } from '$lib/domain/limits';
import { authorizeParticipation, hasRole } from '../policy';
import { authorizeInWorkspace, resolveInWorkspace } from '../workspace';
import { arviPdf } from './pdf';
import { arviScopeOf, canReadArvi, type ArviError } from './access';
import { decideArvi } from './decisions';
import { saveArviDraft, submitArvi } from './drafts';
import { getArvi, listArvis } from './service';

type Side = 'area' | 'provider';
type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; arviId?: string } };

export async function loadArviList(event: Ev, side: Side) {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'arvi.list', event.params.orgId, side);
	const q = event.url.searchParams;
	const status = q.get('status') ?? '';
	// A coach sees their own customers first; the area opens on what waits for review.
	const mineDefault = side === 'provider' && !hasRole(actor, orgId, 'provider_admin');
	const filters = {
		status: (ARVI_STATUSES as readonly string[]).includes(status)
			? (status as ArviStatus)
			: side === 'area' && !q.has('status')
				? ('submitted' as const)
				: undefined,
		overdueOnly: q.get('overdue') === '1',
		mine: side === 'provider' && (q.has('mine') ? q.getAll('mine').includes('1') : mineDefault)
	};
	const { rows, paging } = await listArvis(await getDb(), auditContext(event, orgId), actor, orgId, filters, pageFrom(event.url.searchParams));
	return { side, filters, arvis: rows.map((r) => ({ ...r, submittedAt: r.submittedAt?.toISOString() ?? null })), paging };
}

/** The ARVI as seen from this workspace: 404 unless it belongs here and the actor may read it. */
async function arviFor(event: Ev, side: Side) {
	return resolveInWorkspace(event, event.params.arviId, {
		gate: () => authorizeInWorkspace(event.locals.actor, 'arvi.list', event.params.orgId, side),
		load: (db, id) => arviScopeOf(db, id),
		authorize: (a, s) => authorizeParticipation(a, 'participation.read', s && a && canReadArvi(a, s) ? s : undefined)
	});
}

export async function loadArviPage(event: Ev, side: Side) {
	return (await arviPage(event, side)).data;
}

async function arviPage(event: Ev, side: Side) {
	const { actor, db, scope } = await arviFor(event, side);
	const detail = await getArvi(db, auditContext(event, event.params.orgId), actor, scope.id);
	if (!detail) error(404, 'notFound');
	const a = detail.arvi;
	const versions = detail.versions.map((x) => ({ ...x, submittedAt: x.submittedAt.toISOString(), decidedAt: x.decidedAt?.toISOString() ?? null }));
	const wanted = Number(event.url.searchParams.get('version'));
	const shown = versions.find((x) => x.number === wanted) ?? null;
	const editable = side === 'provider' && detail.canWrite && scope.ended && (a.status === 'draft' || a.status === 'returned');
	// The area reads only what was submitted; the provider its working copy (or a version it picked).
	const content = shown?.content ?? (side === 'area' || !editable ? (versions[0]?.content ?? a.content) : a.content);
	const data = {
		side,
		today: actor.today,
		arvi: {
			id: a.id,
			status: a.status,
			language: a.language,
			dueOn: a.dueOn,
			version: a.version,
			draftRevision: a.draftRevision,
			draftSavedAt: a.draftSavedAt?.toISOString() ?? null,
			overdue: scope.ended && (a.status === 'draft' || a.status === 'returned') && a.dueOn < actor.today
		},
		content,
		shownVersion: shown?.number ?? null,
		versions: versions.map(({ content: _content, ...rest }) => rest),
		customer: { name: detail.customerName, number: detail.customerNumber },
		contract: { number: detail.contractNumber, title: detail.contractTitle },
		providerName: detail.providerName,
		coachName: detail.coachName,
		participation: {
			id: scope.participationId,
			status: detail.participationStatus,
			startDate: detail.startDate,
			endDate: detail.endDate,
			endReason: detail.endReason
		},
		facts: detail.facts,
		editable: editable && !shown,
		canReview: side === 'area' && detail.canReview && a.status === 'submitted' && !shown
	};
	return { data, db, scope };
}

const ERROR_KEY: Record<ArviError, MessageKey> = {
	notFound: 'errors.notFound',
	notEditable: 'arvi.error.notEditable',
	conflict: 'arvi.error.conflict',
	stale: 'arvi.error.stale',
	wrongStatus: 'arvi.error.notEditable',
	incomplete: 'arvi.error.incomplete'
};
const ERROR_STATUS: Partial<Record<ArviError, number>> = { notFound: 404, conflict: 409, stale: 409, wrongStatus: 409, notEditable: 409 };

/** Provider: save the draft (the form without JavaScript) or submit it. */
export const arviProviderActions = {
	save: async (event: Ev) => {
		const { actor, db, scope } = await arviFor(event, 'provider');
		authorizeParticipation(actor, 'arvi.write', scope);
		const data = await event.request.formData();
		const parsed = parseArvi(arviFromForm(data));
		const base = v.safeParse(revision, field(data, 'revision'));
		if (!parsed.ok || !base.success) return fail(400, { form: 'arvi', errors: parsed.ok ? {} : parsed.problems, message: msg('errors.checkFields') });
		const r = await saveArviDraft(db, auditContext(event, event.params.orgId), actor, scope.id, {
			content: parsed.value,
			baseRevision: base.output,
			device: `form:${actor.userId}`,
			key: randomUUID()
		});
		if (!r.ok) return fail(ERROR_STATUS[r.error] ?? 400, { form: 'arvi', message: ERROR_KEY[r.error] });
		return { form: 'arvi', success: msg('arvi.saved') };
	},
	submit: async (event: Ev) => {
		const { actor, db, scope } = await arviFor(event, 'provider');
		authorizeParticipation(actor, 'arvi.write', scope);
		const data = await event.request.formData();
		const parsed = parseArvi(arviFromForm(data));
		const version = v.safeParse(versionField, field(data, 'version'));
		if (!parsed.ok || !version.success) return fail(400, { form: 'arvi', errors: parsed.ok ? {} : parsed.problems, message: msg('errors.checkFields') });
		const r = await submitArvi(db, auditContext(event, event.params.orgId), actor, scope.id, version.output, parsed.value);
		if (!r.ok) return fail(ERROR_STATUS[r.error] ?? 400, { form: 'arvi', errors: r.error === 'incomplete' ? r.problems : {}, message: ERROR_KEY[r.error] });
		return { form: 'arvi', success: msg('arvi.submitted') };
	}
};

async function decide(event: Ev, kind: 'return' | 'accept') {
	const { actor, db, scope } = await arviFor(event, 'area');
	authorizeParticipation(actor, 'arvi.review', scope);
	const data = await event.request.formData();
	const ctx = auditContext(event, event.params.orgId);
	if (kind === 'return') {
		const checked = checkForm(arviReturnForm, data);
		const values = { comment: checked.values.comment };
		if (!checked.ok) return refusedForm(kind, values, checked.errors);
		const r = await decideArvi(db, ctx, actor, scope.id, checked.value.version, { kind, comment: checked.value.comment });
		if (!r.ok) return fail(ERROR_STATUS[r.error] ?? 400, { form: kind, values, message: ERROR_KEY[r.error] });
		return { form: kind, success: msg('arvi.returnedDone') };
	}
	const checked = checkForm(arviAcceptForm, data);
	const values = { comment: checked.values.comment };
	if (!checked.ok) return refusedForm(kind, values, checked.errors);
	const r = await decideArvi(db, ctx, actor, scope.id, checked.value.version, { kind, comment: checked.value.comment });
	if (!r.ok) return fail(ERROR_STATUS[r.error] ?? 400, { form: kind, values, message: ERROR_KEY[r.error] });
	return { form: kind, success: msg('arvi.acceptedDone') };
}

/** Bad input: the fields' messages (a forged version is only "check what you entered"), nothing changed. */
function refusedForm(kind: 'return' | 'accept', values: { comment: string }, errors: FieldErrors) {
	if (errors.version) return fail(400, { form: kind, values, errors: {}, message: msg('errors.invalidInput') });
	return fail(400, { form: kind, values, errors, message: msg('errors.checkFields') });
}

/** Area: return with a comment, or accept. */
export const arviAreaActions = {
	return: (event: Ev) => decide(event, 'return'),
	accept: (event: Ev) => decide(event, 'accept')
};

const draftRequest = v.object({
	content: v.unknown(),
	baseRevision: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(INT4_MAX)),
	device: v.pipe(text(64), v.minLength(8)),
	key: v.pipe(text(64), v.minLength(8))
});

/**
 * The device's autosave (from its offline queue): JSON in, JSON out. A malformed or over-long draft (also
 * one holding a NUL) is refused with the fields' codes, never a 500 that would block the queue; a conflict answers with the newer text so that the device can offer it.
 */
export async function postArviDraft(event: Ev) {
	const { actor, db, scope } = await arviFor(event, 'provider');
	authorizeParticipation(actor, 'arvi.write', scope);
	// Unreadable JSON is answered in the queue's own shape too (`invalid`), so the device shows it as refused.
	const body = v.safeParse(draftRequest, await jsonOfItems(event.request).catch(() => null));
	if (!body.success) return json({ ok: false, error: 'invalid' }, { status: 400 });
	const parsed = parseArvi(body.output.content);
	if (!parsed.ok) return json({ ok: false, error: 'invalid', problems: parsed.problems }, { status: 400 });
	const r = await saveArviDraft(db, auditContext(event, event.params.orgId), actor, scope.id, { ...body.output, content: parsed.value });
	return json(r, { status: r.ok ? 200 : (ERROR_STATUS[r.error] ?? 400) });
}

/** The PDF of the submitted version (or `?version=n`), in the customer's language of service. */
export async function arviPdfResponse(event: Ev, side: Side) {
	const { data: page, db, scope } = await arviPage(event, side);
	// The provider's working copy (being edited, nothing asked for) prints as a draft, never as a sent version.
	const number = page.shownVersion ?? (page.editable ? null : (page.versions[0]?.number ?? null));
	if (number === null && side === 'area') error(404, 'notFound');
	const version = page.versions.find((x) => x.number === number) ?? null;
	const ctx = auditContext(event, event.params.orgId);
	const pdf = await arviPdf({ ...page, version, printedAt: ctx.clock() });
	await recordAudit(db, ctx, { action: 'arvi.pdf', areaId: scope.areaId, targetType: 'arvi', targetIds: [scope.id], customerIds: [scope.customerId] });
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="ARVI-${page.customer.number}${number ? `-v${number}` : ''}.pdf"`,
			'cache-control': 'no-store'
		}
	});
}
