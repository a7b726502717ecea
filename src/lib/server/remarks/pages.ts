/**
 * The quality remark pages of both workspaces: the area's list, filing form and handling (/area/…/remarks) and the
 * provider's list and answer (/provider/…/remarks), their CSV exports and attachment downloads.
 */
import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { VAT_RATES_BP } from '$lib/domain/contracts';
import {
	REMARK_CATEGORIES,
	REMARK_COMMENT_MAX,
	REMARK_RESPONSE_DAYS_DEFAULT,
	REMARK_RESPONSE_DAYS_MAX,
	REMARK_STATUSES,
	REMARK_TEXT_MAX,
	type RemarkStatus
} from '$lib/domain/remarks';
import { msg, translate } from '$lib/i18n';
import { REMARK_CATEGORY_KEY, REMARK_STATUS_KEY } from '$lib/i18n/labels/remarks';
import { auditContext, recordAudit } from '../audit';
import { csvResponse } from '../csv';
import { getDb } from '../db';
import { cohorts, contracts, customers, organisations, users } from '../db/schema';
import { documentResponse } from '../documents';
import { field, refuse, validate, type ErrorCode } from '../forms';
import { day, euros, text, version, wholeNumber } from '../forms/schemas';
import { authorizeRemark, canOnParticipation, canOnRemark, type RemarkAction } from '../policy';
import { contractListScope } from '../policy/scope';
import { participationContext } from '../participations/context';
import { authorizeInWorkspace, resolveInWorkspace } from '../workspace';
import {
	answerRemark,
	closeRemark,
	fileRemark,
	getRemark,
	getRemarkAttachment,
	listRemarks,
	remarkScopeOf,
	requestMoreOnRemark,
	setRemarkReduction,
	type RemarkError,
	type RemarkFilters,
	type Upload
} from './service';

type Side = 'area' | 'provider';
type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; remarkId?: string; attachmentId?: string } };

const uuid = v.pipe(v.string(), v.uuid());
const isUuid = (s: string | null): s is string => s !== null && v.is(uuid, s);
const pick = <T extends string>(list: readonly T[], value: string | null): T | undefined =>
	value !== null && (list as readonly string[]).includes(value) ? (value as T) : undefined;

/** The service's refusals as message codes (`errors.<code>`). */
const ERROR_CODE: Record<RemarkError, ErrorCode> = {
	notFound: 'notFound',
	remarkConflict: 'remarkConflict',
	remarkStepNotAllowed: 'remarkStepNotAllowed',
	remarkReductionExists: 'remarkReductionExists',
	remarkCohortMismatch: 'remarkCohortMismatch',
	fileEmpty: 'fileEmpty',
	fileTooLarge: 'fileTooLarge',
	fileType: 'fileType'
};

const required = (max: number, message: string) => v.pipe(text(max), v.minLength(1, message));
const optionalText = (max: number) =>
	v.pipe(
		text(max),
		v.transform((s) => (s === '' ? null : s))
	);
const responseDays = wholeNumber(1, REMARK_RESPONSE_DAYS_MAX, 'remarkResponseDaysInvalid');

export const fileSchema = v.object({
	contractId: v.pipe(v.string(), v.uuid('remarkContractRequired')),
	cohortId: v.union([v.literal(''), uuid], 'remarkCohortMismatch'),
	category: v.picklist(REMARK_CATEGORIES, 'remarkCategoryRequired'),
	description: required(REMARK_TEXT_MAX, 'remarkDescriptionRequired'),
	observedOn: day(),
	responseDays
});

export const answerSchema = v.object({
	explanation: required(REMARK_TEXT_MAX, 'remarkExplanationRequired'),
	correctiveAction: required(REMARK_TEXT_MAX, 'remarkCorrectiveActionRequired'),
	correctiveBy: v.union([v.literal(''), day()], 'dateInvalid'),
	version
});

export const requestMoreSchema = v.object({ comment: required(REMARK_COMMENT_MAX, 'remarkCommentRequired'), responseDays, version });
export const closeSchema = v.object({ comment: optionalText(REMARK_COMMENT_MAX), version });
export const reductionSchema = v.object({
	amount: v.pipe(euros, v.minValue(1, 'remarkAmountInvalid')),
	vatRateBp: v.pipe(
		v.string(),
		v.transform(Number),
		v.check((n) => (VAT_RATES_BP as readonly number[]).includes(n), 'remarkVatInvalid')
	),
	reason: required(REMARK_COMMENT_MAX, 'remarkReasonRequired'),
	version
});

function filtersFrom(q: URLSearchParams, side: Side): RemarkFilters {
	const providerId = q.get('provider');
	const contractId = q.get('contract');
	return {
		status: pick(REMARK_STATUSES, q.get('status')),
		category: pick(REMARK_CATEGORIES, q.get('category')),
		providerId: side === 'area' && isUuid(providerId) ? providerId : undefined,
		contractId: isUuid(contractId) ? contractId : undefined,
		overdueOnly: q.get('overdue') === '1'
	};
}

/** The contracts the actor sees in the organisation (filters and the filing form). */
async function visibleContracts(actor: App.Locals['actor'] & object, orgId: string) {
	const db = await getDb();
	return db
		.select({ id: contracts.id, number: contracts.contractNumber, title: contracts.title, providerId: contracts.providerId, providerName: organisations.name })
		.from(contracts)
		.innerJoin(organisations, eq(contracts.providerId, organisations.id))
		.where(contractListScope(actor, orgId))
		.orderBy(asc(contracts.contractNumber))
		.limit(1000);
}

export async function loadRemarkList(event: Ev, side: Side) {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'remark.list', orgId, side);
	const filters = filtersFrom(event.url.searchParams, side);
	const db = await getDb();
	const rows = await listRemarks(db, auditContext(event, orgId), actor, orgId, filters);
	const contractOptions = await visibleContracts(actor, orgId);
	const providers = [...new Map(contractOptions.map((c) => [c.providerId, { id: c.providerId, name: c.providerName }])).values()].sort((a, b) =>
		a.name.localeCompare(b.name)
	);
	return {
		side,
		filters,
		query: event.url.searchParams.toString(),
		contracts: contractOptions.map((c) => ({ id: c.id, number: c.number })),
		providers: side === 'area' ? providers : [],
		remarks: rows.map((r) => ({ ...r, filedAt: r.filedAt.toISOString(), closedAt: r.closedAt?.toISOString() ?? null }))
	};
}

/** The list as CSV in the reader's language: the export is audited like the list (it names the customers shown). */
export async function exportRemarks(event: Ev, side: Side): Promise<Response> {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'remark.list', orgId, side);
	const db = await getDb();
	const ctx = auditContext(event, orgId);
	const rows = await listRemarks(db, ctx, actor, orgId, filtersFrom(event.url.searchParams, side), 10_000);
	await recordAudit(db, ctx, { action: 'remark.export', areaId: side === 'area' ? orgId : null, targetType: 'remark', targetIds: rows.map((r) => r.id) });
	const locale = event.locals.locale ?? 'fi';
	const header = (
		[
			'remarks.number',
			'remarks.filterStatus',
			'remarks.category',
			'remarks.provider',
			'remarks.contract',
			'remarks.customer',
			'remarks.observedOn',
			'remarks.csv.filed',
			'remarks.dueOn',
			'remarks.csv.closed',
			'remarks.overdue',
			'remarks.csv.reduction'
		] as const
	).map((k) => translate(locale, k));
	const body = rows.map((r) => [
		r.number,
		translate(locale, REMARK_STATUS_KEY[r.status]),
		translate(locale, REMARK_CATEGORY_KEY[r.category]),
		r.providerName,
		r.contractNumber,
		r.customerName ?? '',
		r.observedOn,
		r.filedAt.toISOString(),
		r.dueOn,
		r.closedAt?.toISOString() ?? '',
		r.overdue ? 'x' : '',
		r.reductionCents ?? ''
	]);
	return csvResponse('laatupoikkeamat.csv', [header, ...body], locale === 'en' ? ',' : ';');
}

/** The filing form: the area's contracts with their cohorts; `?participation=` files one about that customer. */
export async function loadNewRemark(event: Ev) {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'remark.file', orgId, 'area');
	const db = await getDb();
	const participation = await participationFor(event, actor);
	const contractRows = participation
		? (await visibleContracts(actor, orgId)).filter((c) => c.id === participation.contractId)
		: await visibleContracts(actor, orgId);
	const cohortRows = contractRows.length
		? await db
				.select({ id: cohorts.id, contractId: cohorts.contractId, name: cohorts.name })
				.from(cohorts)
				.where(
					inArray(
						cohorts.contractId,
						contractRows.map((c) => c.id)
					)
				)
				.orderBy(asc(cohorts.name))
		: [];
	return {
		contracts: contractRows.map((c) => ({ id: c.id, number: c.number, title: `${c.title} · ${c.providerName}` })),
		cohorts: cohortRows,
		participation,
		defaults: { observedOn: actor.today, responseDays: REMARK_RESPONSE_DAYS_DEFAULT }
	};
}

/** The participation a remark is filed about (from `?participation=` or the form), 404 unless the filer may read it here. */
async function participationFor(event: Ev, actor: NonNullable<App.Locals['actor']>, id: string | null = event.url.searchParams.get('participation')) {
	if (!id) return null;
	if (!isUuid(id)) error(404, 'notFound');
	const db = await getDb();
	const p = await participationContext(db, id);
	if (!p || p.areaId !== event.params.orgId || !canOnParticipation(actor, 'participation.read', p)) error(404, 'notFound');
	const [c] = await db.select({ name: customers.name }).from(customers).where(eq(customers.id, p.customerId));
	await recordAudit(db, auditContext(event, event.params.orgId), {
		action: 'customer.read',
		areaId: p.areaId,
		targetType: 'participation',
		targetIds: [p.id],
		customerIds: [p.customerId]
	});
	return { id: p.id, contractId: p.contractId, customerName: c.name };
}

function upload(data: FormData): Promise<Upload | null> | null {
	const file = data.get('attachment');
	if (!(file instanceof File) || file.size === 0) return null;
	return file.arrayBuffer().then((b) => ({ name: file.name, content: new Uint8Array(b) }));
}

export const newRemarkActions = {
	default: async (event: Ev) => {
		const orgId = event.params.orgId;
		const actor = authorizeInWorkspace(event.locals.actor, 'remark.file', orgId, 'area');
		const data = await event.request.formData();
		const values = {
			contractId: field(data, 'contractId'),
			cohortId: field(data, 'cohortId'),
			category: field(data, 'category'),
			description: field(data, 'description').slice(0, REMARK_TEXT_MAX * 2),
			observedOn: field(data, 'observedOn'),
			responseDays: field(data, 'responseDays')
		};
		const participationId = field(data, 'participationId') || null;
		const checked = validate(fileSchema, values);
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		if (checked.value.observedOn > actor.today)
			return fail(400, { values, errors: { observedOn: msg('errors.remarkObservedInFuture') }, message: msg('errors.checkFields') });
		const participation = participationId ? await participationFor(event, actor, participationId) : null;
		const r = await fileRemark(await getDb(), auditContext(event, orgId), actor, orgId, {
			...checked.value,
			cohortId: checked.value.cohortId || null,
			participationId: participation?.id ?? null,
			attachment: await upload(data)
		});
		if (!r.ok) return refuse(ERROR_CODE[r.error], { values });
		redirect(303, `/area/${orgId}/remarks/${r.remarkId}?filed=1`);
	}
};

/** The remark as seen from this workspace: 404 unless the actor may read it here. */
async function remarkFor(event: Ev, side: Side, action: RemarkAction = 'remark.read') {
	const { actor, db, scope } = await resolveInWorkspace(event, event.params.remarkId, {
		gate: () => authorizeInWorkspace(event.locals.actor, 'remark.list', event.params.orgId, side),
		load: remarkScopeOf,
		authorize: (a, s) => authorizeRemark(a, action, s)
	});
	return { actor, db, scope, remarkId: event.params.remarkId! };
}

export async function loadRemark(event: Ev, side: Side) {
	const { actor, db, scope, remarkId } = await remarkFor(event, side);
	const detail = await getRemark(db, auditContext(event, event.params.orgId), remarkId);
	if (!detail) error(404, 'notFound');
	const r = detail.remark;
	const ids = [...new Set(detail.events.map((e) => e.by))];
	const people = new Map((await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]));
	return {
		side,
		justFiled: event.url.searchParams.get('filed') === '1',
		remark: {
			id: r.id,
			number: r.number,
			category: r.category,
			status: r.status as RemarkStatus,
			description: r.description,
			observedOn: r.observedOn,
			dueOn: r.dueOn,
			responseDays: r.responseDays,
			filedAt: r.filedAt.toISOString(),
			closedAt: r.closedAt?.toISOString() ?? null,
			reductionCents: r.reductionCents,
			reductionVatRateBp: r.reductionVatRateBp,
			reductionReason: r.reductionReason,
			reductionOnInvoice: !!r.reductionInvoiceId,
			version: r.version
		},
		customer: detail.customerName ? { name: detail.customerName, customerNumber: detail.customerNumber } : null,
		contract: { id: r.contractId, number: detail.contractNumber, title: detail.contractTitle },
		cohortName: detail.cohortName,
		providerName: detail.providerName,
		events: detail.events.map((e) => ({
			id: e.id,
			kind: e.kind,
			at: e.at.toISOString(),
			byName: people.get(e.by) ?? '',
			text: e.text,
			correctiveAction: e.correctiveAction,
			correctiveBy: e.correctiveBy,
			dueOn: e.dueOn,
			amountCents: e.amountCents
		})),
		attachments: detail.attachments.map((a) => ({ ...a, uploadedAt: a.uploadedAt.toISOString() })),
		overdue: (r.status === 'open' || r.status === 'more_requested') && r.dueOn < actor.today,
		canAnswer: canOnRemark(actor, 'remark.answer', scope),
		canHandle: canOnRemark(actor, 'remark.handle', scope),
		defaults: { responseDays: REMARK_RESPONSE_DAYS_DEFAULT },
		vatRates: [...VAT_RATES_BP]
	};
}

/** An attachment: read by those who may read the remark; every download is audited. */
export async function downloadRemarkAttachment(event: Ev, side: Side): Promise<Response> {
	const { db, scope, remarkId } = await remarkFor(event, side);
	const doc = isUuid(event.params.attachmentId ?? null) ? await getRemarkAttachment(db, remarkId, event.params.attachmentId!) : undefined;
	if (!doc) error(404, 'notFound');
	await recordAudit(db, auditContext(event, event.params.orgId), {
		action: 'remark.attachment_download',
		areaId: scope.areaId,
		targetType: 'remark_attachment',
		targetIds: [doc.id, remarkId],
		customerIds: scope.customerId ? [scope.customerId] : []
	});
	return documentResponse(doc);
}

type Outcome = { ok: true } | { ok: false; error: RemarkError };
const done = (form: string, r: Outcome, success: Parameters<typeof msg>[0], values?: Record<string, string>) =>
	r.ok ? { form, success: msg(success) } : refuse(ERROR_CODE[r.error], { form, values });

/** The provider's admin answers. */
export const providerRemarkActions = {
	answer: async (event: Ev) => {
		const { actor, db, remarkId } = await remarkFor(event, 'provider', 'remark.answer');
		const data = await event.request.formData();
		const values = {
			explanation: field(data, 'explanation').slice(0, REMARK_TEXT_MAX * 2),
			correctiveAction: field(data, 'correctiveAction').slice(0, REMARK_TEXT_MAX * 2),
			correctiveBy: field(data, 'correctiveBy')
		};
		const checked = validate(answerSchema, { ...values, version: field(data, 'version') });
		if (!checked.ok)
			return fail(400, { form: 'answer', values, errors: checked.errors, message: msg(checked.errors.version ? 'errors.invalidInput' : 'errors.checkFields') });
		const { explanation, correctiveAction, correctiveBy } = checked.value;
		const r = await answerRemark(db, auditContext(event, event.params.orgId), actor, remarkId, checked.value.version, {
			explanation,
			correctiveAction,
			correctiveBy: correctiveBy || null,
			attachment: await upload(data)
		});
		return done('answer', r, 'remarks.answered', values);
	}
};

/** The area's admins and case officers ask for more, close, and link a price reduction. */
export const areaRemarkActions = {
	requestMore: async (event: Ev) => {
		const { actor, db, remarkId } = await remarkFor(event, 'area', 'remark.handle');
		const data = await event.request.formData();
		const values = { comment: field(data, 'comment').slice(0, REMARK_COMMENT_MAX * 2), responseDays: field(data, 'responseDays') };
		const checked = validate(requestMoreSchema, { ...values, version: field(data, 'version') });
		if (!checked.ok) return fail(400, { form: 'requestMore', values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await requestMoreOnRemark(db, auditContext(event, event.params.orgId), actor, remarkId, checked.value.version, checked.value);
		return done('requestMore', r, 'remarks.moreRequested', values);
	},
	close: async (event: Ev) => {
		const { actor, db, remarkId } = await remarkFor(event, 'area', 'remark.handle');
		const data = await event.request.formData();
		const values = { comment: field(data, 'comment').slice(0, REMARK_COMMENT_MAX * 2) };
		const checked = validate(closeSchema, { ...values, version: field(data, 'version') });
		if (!checked.ok) return fail(400, { form: 'close', values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await closeRemark(db, auditContext(event, event.params.orgId), actor, remarkId, checked.value.version, checked.value);
		return done('close', r, 'remarks.closed', values);
	},
	reduce: async (event: Ev) => {
		const { actor, db, remarkId } = await remarkFor(event, 'area', 'remark.handle');
		const data = await event.request.formData();
		const values = {
			amount: field(data, 'amount').slice(0, 40),
			vatRateBp: field(data, 'vatRateBp').slice(0, 10),
			reason: field(data, 'reason').slice(0, REMARK_COMMENT_MAX * 2)
		};
		const checked = validate(reductionSchema, { ...values, version: field(data, 'version') });
		if (!checked.ok) return fail(400, { form: 'reduce', values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await setRemarkReduction(db, auditContext(event, event.params.orgId), actor, remarkId, checked.value.version, {
			cents: checked.value.amount,
			vatRateBp: checked.value.vatRateBp,
			reason: checked.value.reason
		});
		return done('reduce', r, 'remarks.reductionSaved', values);
	}
};
