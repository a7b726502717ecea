/**
 * The area's own organisation page (/area/:id/organisation): its admin keeps the area's e-invoice ids, which
 * every invoice to the area carries as the buyer's routing (Finvoice) and endpoint (Peppol UBL): the OVT
 * e-invoice address, the operator and the Peppol participant id. Validated like a provider's (the OVT's and
 * the Peppol id's Y-tunnus check digit, the Peppol id's `scheme:value` form); a change is audited with the old
 * and the new values. Invoices already sent keep the ids they were sent with (invoices/parties.ts).
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { msg } from '$lib/i18n';
import { auditContext, recordAudit, type AuditContext } from '../audit';
import { getDb } from '../db';
import type { Db, DbOrTx } from '../db/client';
import { organisations, type AuditChanges } from '../db/schema';
import { refuse } from '../forms';
import { authorizeInOrg, canInOrg, type Actor } from '../policy';
import { checkForm } from '$lib/forms/form';
import { areaEinvoiceForm, type AreaEinvoiceInput } from '$lib/forms/providers';

/** The same rules as a provider's e-invoice fields (one place: `$lib/forms/providers`). */
export { areaEinvoiceSchema, type AreaEinvoiceInput } from '$lib/forms/providers';

const FIELDS = ['ovt', 'peppolId', 'einvoiceOperator'] as const;

async function areaOf(db: DbOrTx, areaId: string) {
	const [org] = await db
		.select()
		.from(organisations)
		.where(and(eq(organisations.id, areaId), eq(organisations.kind, 'area')));
	return org;
}

/** Saves the area's e-invoice ids; audits what changed (old → new). Nothing changed: nothing written. */
export async function updateAreaEinvoiceIds(
	db: Db,
	ctx: AuditContext,
	actor: Actor,
	areaId: string,
	input: AreaEinvoiceInput
): Promise<{ ok: true; changed: boolean } | { ok: false; error: 'notFound' }> {
	return db.transaction(async (tx) => {
		const [org] = await tx
			.select()
			.from(organisations)
			.where(and(eq(organisations.id, areaId), eq(organisations.kind, 'area')))
			.for('update');
		if (!org || !canInOrg(actor, 'area.editEinvoiceIds', areaId)) return { ok: false, error: 'notFound' } as const;
		const changes: AuditChanges = {};
		for (const k of FIELDS) if ((org[k] ?? null) !== input[k]) changes[k] = { from: org[k] ?? null, to: input[k] };
		if (Object.keys(changes).length === 0) return { ok: true, changed: false } as const;
		await tx
			.update(organisations)
			.set({ ovt: input.ovt, peppolId: input.peppolId, einvoiceOperator: input.einvoiceOperator })
			.where(eq(organisations.id, areaId));
		await recordAudit(tx, ctx, { action: 'area.einvoice_update', areaId, targetType: 'organisation', targetIds: [areaId], changes });
		return { ok: true, changed: true } as const;
	});
}

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'> & { params: { orgId: string } };

export async function loadAreaOrganisation({ locals, params }: Ev) {
	authorizeInOrg(locals.actor, 'area.editEinvoiceIds', params.orgId);
	const org = await areaOf(await getDb(), params.orgId);
	if (!org) error(404, 'notFound');
	return {
		area: { id: org.id, name: org.name, businessId: org.businessId ?? '' },
		values: { ovt: org.ovt ?? '', peppolId: org.peppolId ?? '', einvoiceOperator: org.einvoiceOperator ?? '' }
	};
}

export const areaOrganisationActions = {
	default: async (event: Ev) => {
		const orgId = event.params.orgId;
		const actor = authorizeInOrg(event.locals.actor, 'area.editEinvoiceIds', orgId);
		const data = await event.request.formData();
		const checked = checkForm(areaEinvoiceForm, data);
		const values = checked.values;
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await updateAreaEinvoiceIds(await getDb(), auditContext(event, orgId), actor, orgId, checked.value);
		if (!r.ok) return refuse(r.error, { values });
		return { success: msg('areaOrganisation.saved') };
	}
};
