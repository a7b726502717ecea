/**
 * The area's filing form (/area/…/remarks/new), also about one customer's participation (`?participation=`).
 */
import { error, fail, redirect } from '@sveltejs/kit';
import { asc, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import { REMARK_CATEGORIES, REMARK_RESPONSE_DAYS_DEFAULT, REMARK_TEXT_MAX } from '$lib/domain/remarks';
import { msg } from '$lib/i18n';
import { auditContext, recordAudit } from '../audit';
import { getDb } from '../db';
import { cohorts, customers } from '../db/schema';
import { field, refuse, validate } from '../forms';
import { day } from '../forms/schemas';
import { canOnParticipation } from '../policy';
import { participationContext } from '../participations/context';
import { authorizeInWorkspace } from '../workspace';
import { fileRemark } from './filing';
import { ERROR_CODE, isUuid, required, responseDays, upload, uuid, visibleContracts, type Ev } from './pages';

const fileSchema = v.object({
	contractId: v.pipe(v.string(), v.uuid('remarkContractRequired')),
	cohortId: v.union([v.literal(''), uuid], 'remarkCohortMismatch'),
	category: v.picklist(REMARK_CATEGORIES, 'remarkCategoryRequired'),
	description: required(REMARK_TEXT_MAX, 'remarkDescriptionRequired'),
	observedOn: day(),
	responseDays
});

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
