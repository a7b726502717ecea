/**
 * One remark's page in both workspaces (/area/…/remarks/[id], /provider/…/remarks/[id]): its history and
 * attachments, the provider's answer, and the area's requests for more, closing and price reduction.
 */
import { error, fail } from '@sveltejs/kit';
import { inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { VAT_RATES_BP } from '$lib/domain/contracts';
import { REMARK_COMMENT_MAX, REMARK_RESPONSE_DAYS_DEFAULT, REMARK_TEXT_MAX, type RemarkStatus } from '$lib/domain/remarks';
import { msg } from '$lib/i18n';
import { auditContext, recordAudit } from '../audit';
import { users } from '../db/schema';
import { documentResponse } from '../documents';
import { field, refuse, validate } from '../forms';
import { day, euros, text, version } from '../forms/schemas';
import { authorizeRemark, canOnRemark, type RemarkAction } from '../policy';
import { authorizeInWorkspace, resolveInWorkspace } from '../workspace';
import { remarkScopeOf, type Result } from './access';
import { getRemarkAttachment } from './attachments';
import { ERROR_CODE, isUuid, required, responseDays, upload, type Ev, type Side } from './pages';
import { getRemark } from './service';
import { answerRemark, closeRemark, requestMoreOnRemark, setRemarkReduction } from './steps';

const optionalText = (max: number) =>
	v.pipe(
		text(max),
		v.transform((s) => (s === '' ? null : s))
	);

const answerSchema = v.object({
	explanation: required(REMARK_TEXT_MAX, 'remarkExplanationRequired'),
	correctiveAction: required(REMARK_TEXT_MAX, 'remarkCorrectiveActionRequired'),
	correctiveBy: v.union([v.literal(''), day()], 'dateInvalid'),
	version
});

const requestMoreSchema = v.object({ comment: required(REMARK_COMMENT_MAX, 'remarkCommentRequired'), responseDays, version });
const closeSchema = v.object({ comment: optionalText(REMARK_COMMENT_MAX), version });
const reductionSchema = v.object({
	amount: v.pipe(euros, v.minValue(1, 'remarkAmountInvalid')),
	vatRateBp: v.pipe(
		v.string(),
		v.transform(Number),
		v.check((n) => (VAT_RATES_BP as readonly number[]).includes(n), 'remarkVatInvalid')
	),
	reason: required(REMARK_COMMENT_MAX, 'remarkReasonRequired'),
	version
});

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

const done = (form: string, r: Result, success: Parameters<typeof msg>[0], values?: Record<string, string>) =>
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
