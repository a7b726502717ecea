/**
 * The area's retention page (/area/:id/retention): its admin sets the rules, sees what the next run would remove
 * (counts per kind, no names) and the history of runs.
 */
import { error, fail, type RequestEvent } from '@sveltejs/kit';
import { and, eq } from 'drizzle-orm';
import { helsinkiDate } from '$lib/domain/clock';
import { RETENTION_DEFAULTS, RETENTION_FIELDS, type RetentionRules } from '$lib/domain/retention';
import { checkForm } from '$lib/forms/form';
import { retentionForm } from '$lib/forms/retention';
import { msg } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { organisations } from '../db/schema';
import { authorizeInOrg } from '../policy';
import { listRuns, planRetention, rulesOf, saveRules } from './service';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'> & { params: { orgId: string } };

const asValues = (r: RetentionRules) => Object.fromEntries(RETENTION_FIELDS.map((k) => [k, String(r[k])])) as Record<string, string>;

export async function loadRetention({ locals, params }: Ev) {
	authorizeInOrg(locals.actor, 'retention.manage', params.orgId);
	const db = await getDb();
	const [org] = await db
		.select({ id: organisations.id, name: organisations.name })
		.from(organisations)
		.where(and(eq(organisations.id, params.orgId), eq(organisations.kind, 'area')));
	if (!org) error(404, 'notFound');
	const rules = await rulesOf(db, org.id);
	const today = helsinkiDate(locals.clock());
	return {
		area: org,
		saved: rules.saved,
		values: asValues(rules),
		defaults: RETENTION_DEFAULTS,
		today,
		next: await planRetention(db, org.id, today, rules),
		runs: await listRuns(db, org.id)
	};
}

export const retentionActions = {
	default: async (event: Ev) => {
		const orgId = event.params.orgId;
		authorizeInOrg(event.locals.actor, 'retention.manage', orgId);
		const checked = checkForm(retentionForm, await event.request.formData());
		const values = checked.values;
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await saveRules(await getDb(), auditContext(event, orgId), orgId, checked.value);
		return { values, success: msg(r.changed ? 'retention.saved' : 'errors.nothingChanged') };
	}
};
