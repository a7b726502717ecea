import { fail, type RequestEvent } from '@sveltejs/kit';
import { and, asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { msg } from '$lib/i18n';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { cohorts, contracts } from '../db/schema';
import { field, refuse } from '../forms';
import { checkForm } from '$lib/forms/form';
import { assignmentForm } from '$lib/forms/assignments';
import { authorizeInOrg } from '../policy';
import { listOrganisationUsers } from '../users/service';
import { createAssignment, endAssignment, listAssignments } from './service';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress'> & { params: { orgId: string } };

export async function loadAssignments({ locals, params }: Ev) {
	const actor = authorizeInOrg(locals.actor, 'assignment.manage', params.orgId);
	const db = await getDb();
	const [people, list, ownContracts, ownCohorts] = await Promise.all([
		listOrganisationUsers(db, params.orgId),
		listAssignments(db, params.orgId, actor.today),
		db
			.select({ id: contracts.id, number: contracts.contractNumber, title: contracts.title })
			.from(contracts)
			.where(eq(contracts.providerId, params.orgId))
			.orderBy(asc(contracts.contractNumber)),
		db
			.select({ id: cohorts.id, name: cohorts.name, contractId: cohorts.contractId })
			.from(cohorts)
			.innerJoin(contracts, eq(cohorts.contractId, contracts.id))
			.where(and(eq(contracts.providerId, params.orgId)))
			.orderBy(asc(cohorts.startDate))
	]);
	return {
		people: people.filter((p) => p.active).map((p) => ({ id: p.id, name: p.name })),
		assignments: list,
		contracts: ownContracts,
		cohorts: ownCohorts,
		today: actor.today
	};
}

export const assignmentActions = {
	create: async (event: Ev) => {
		const orgId = event.params.orgId;
		authorizeInOrg(event.locals.actor, 'assignment.manage', orgId);
		const data = await event.request.formData();
		const checked = checkForm(assignmentForm, data);
		const values = checked.values;
		if (!checked.ok) return fail(400, { values, errors: checked.errors, message: msg('errors.checkFields') });
		const r = await createAssignment(await getDb(), auditContext(event, orgId), orgId, checked.value);
		return r.ok ? { success: msg('assignments.saved') } : refuse(r.error, { values });
	},
	end: async (event: Ev) => {
		const orgId = event.params.orgId;
		const actor = authorizeInOrg(event.locals.actor, 'assignment.manage', orgId);
		const id = field(await event.request.formData(), 'assignmentId');
		if (!v.is(v.pipe(v.string(), v.uuid()), id)) return refuse('notFound');
		const r = await endAssignment(await getDb(), auditContext(event, orgId), orgId, id, actor.today);
		return r.ok ? { success: msg('assignments.ended') } : refuse(r.error);
	}
};
