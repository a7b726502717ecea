/** The platform admin's pages (/admin, /admin/organisations, /admin/organisations/new, /admin/jobs). */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { auditContext } from '../audit';
import { getDb } from '../db';
import { field, refuse, validate } from '../forms';
import { isQueueName } from '../jobs/queue';
import { authorizeOnPlatform } from '../policy';
import { failedJobs, queueSummaries, retryFailedJob } from './jobs';
import { createArea, createAreaSchema, listOrganisations, setOrganisationActive } from './organisations';

type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function loadPlatformHome({ locals }: Pick<RequestEvent, 'locals'>) {
	authorizeOnPlatform(locals.actor, 'organisation.list');
	return {};
}

export async function loadOrganisations({ locals, url }: Ev) {
	authorizeOnPlatform(locals.actor, 'organisation.list');
	const q = (url.searchParams.get('q') ?? '').trim().slice(0, 100);
	const rows = await listOrganisations(await getDb(), q);
	return {
		q,
		organisations: rows.map((r) => ({ ...r, deactivatedAt: r.deactivatedAt?.toISOString() ?? null }))
	};
}

async function setActive(event: Ev, active: boolean) {
	authorizeOnPlatform(event.locals.actor, 'organisation.deactivate');
	const data = await event.request.formData();
	const id = field(data, 'organisationId');
	if (!UUID.test(id)) return refuse('notFound');
	const result = await setOrganisationActive(await getDb(), auditContext(event), id, active);
	if (!result.ok) return refuse(result.error);
	if (!result.changed) return { success: 'platform.organisations.unchanged' as const };
	return { success: active ? ('platform.organisations.reactivated' as const) : ('platform.organisations.deactivated' as const) };
}

export const organisationsActions = {
	deactivate: (event: Ev) => setActive(event, false),
	reactivate: (event: Ev) => setActive(event, true)
};

export function loadCreateArea({ locals }: Pick<RequestEvent, 'locals'>) {
	authorizeOnPlatform(locals.actor, 'organisation.createArea');
	return {};
}

const AREA_FIELDS = [
	'name',
	'nameSv',
	'businessId',
	'municipalities',
	'ovt',
	'peppolId',
	'einvoiceOperator',
	'adminEmail',
	'adminName',
	'adminLocale'
] as const;

export const createAreaActions = {
	default: async (event: Ev) => {
		authorizeOnPlatform(event.locals.actor, 'organisation.createArea');
		const data = await event.request.formData();
		const values = Object.fromEntries(AREA_FIELDS.map((k) => [k, field(data, k).slice(0, 5000)]));
		const languages = data.getAll('languages').filter((l): l is string => typeof l === 'string');
		const echo = { ...values, languages: languages.slice(0, 5) };
		const checked = validate(createAreaSchema, { ...values, languages });
		if (!checked.ok) return fail(400, { values: echo, errors: checked.errors, message: 'errors.checkFields' as const });
		const result = await createArea(await getDb(), auditContext(event), checked.value);
		if (!result.ok) return refuse(result.error, { values: echo, errors: { businessId: `errors.${result.error}` as const } });
		redirect(303, `/admin/organisations?q=${encodeURIComponent(checked.value.businessId)}&created=1`);
	}
};

export async function loadJobs({ locals }: Ev) {
	authorizeOnPlatform(locals.actor, 'jobs.view');
	const db = await getDb();
	return { queues: await queueSummaries(db), failed: await failedJobs(db) };
}

export const jobsActions = {
	retry: async (event: Ev) => {
		authorizeOnPlatform(event.locals.actor, 'jobs.retry');
		const data = await event.request.formData();
		const queue = field(data, 'queue');
		const id = field(data, 'jobId');
		if (!isQueueName(queue) || !UUID.test(id)) return refuse('notFound');
		const result = await retryFailedJob(await getDb(), auditContext(event), queue, id);
		if (!result.ok) return refuse(result.error);
		return { success: 'platform.jobs.retried' as const };
	}
};
