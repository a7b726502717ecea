import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { isIsoDate } from '$lib/domain/clock';
import { CONTRACT_STATUSES, SERVICE_TYPES } from '$lib/domain/contracts';
import { msg } from '$lib/i18n';
import { csvResponse } from '../csv';
import { arviOutcomes } from '../arvi/service';
import { invoicedSpan } from '../invoices/service';
import { runRate } from '$lib/domain/contracts';
import { auditContext, recordAudit, type AuditContext } from '../audit';
import type { Db } from '../db/client';
import { getDb } from '../db';
import { field, refuse } from '../forms';
import { versionOf as formVersion } from '../forms/schemas';
import { authorizeContract, authorizeInOrg, canOnContract } from '../policy';
import { resolveInWorkspace } from '../workspace';
import { areaProviderChoices } from '../providers/service';
import { addCohort, addContact, addOption, addPriceLine, createContract, removePart, setOptionUsed, updateContract, uploadDocument } from './service';
import {
	CONTRACT_PAGE_SIZE,
	CONTRACT_SORTS,
	contractHistory,
	contractScopeOf,
	getContractDetail,
	getDocument,
	listContracts,
	type ContractFilters,
	type ContractSort
} from './read';
import { checkForm } from '$lib/forms/form';
import { pageFrom } from '$lib/paging';
import { PART_FORMS, contractForm, type cohortSchema, type contactSchema, type optionSchema, type priceLineSchema } from './schemas';

type Params = { orgId: string; contractId?: string; documentId?: string };
type Ev = Pick<RequestEvent, 'locals' | 'url' | 'request' | 'getClientAddress' | 'cookies'> & { params: Params };

/** Filters from the query string; anything malformed is ignored rather than failing the page. */
function parseContractFilters(params: URLSearchParams): ContractFilters {
	const get = (k: string) => params.get(k)?.trim() ?? '';
	const status = get('status');
	const serviceType = get('serviceType');
	const providerId = get('provider');
	const sort = get('sort') as ContractSort;
	return {
		status: CONTRACT_STATUSES.find((s) => s === status),
		serviceType: SERVICE_TYPES.find((s) => s === serviceType),
		providerId: v.is(v.pipe(v.string(), v.uuid()), providerId) ? providerId : undefined,
		from: isIsoDate(get('from')) ? get('from') : undefined,
		until: isIsoDate(get('until')) ? get('until') : undefined,
		q: get('q').slice(0, 100) || undefined,
		endsBy: isIsoDate(get('endsBy')) ? get('endsBy') : undefined,
		budgetNear: get('budget') === 'near' || undefined,
		sort: CONTRACT_SORTS.includes(sort) ? sort : 'number',
		desc: get('dir') === 'desc',
		page: pageFrom(params)
	};
}

export async function loadContractList(event: Ev) {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'contract.list', orgId);
	const filters = parseContractFilters(event.url.searchParams);
	const db = await getDb();
	const kind = actor.memberships.find((m) => m.organisationId === orgId)?.kind;
	const [{ rows, total }, providers] = await Promise.all([listContracts(db, actor, orgId, filters), kind === 'area' ? areaProviderChoices(db, orgId) : []]);
	return {
		filters,
		contracts: rows.map(({ total: _t, ...r }) => r),
		total,
		pages: Math.max(1, Math.ceil(total / CONTRACT_PAGE_SIZE)),
		providers
	};
}

const CSV_HEADER = ['contract_number', 'title', 'service_type', 'status', 'start_date', 'end_date', 'budget_eur', 'provider'];

export async function exportContractList(event: Ev): Promise<Response> {
	const orgId = event.params.orgId;
	const actor = authorizeInOrg(event.locals.actor, 'contract.list', orgId);
	const filters = { ...parseContractFilters(event.url.searchParams), page: 1 };
	const { rows } = await listContracts(await getDb(), actor, orgId, filters, 10_000);
	const euros = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
	return csvResponse('contracts.csv', [
		CSV_HEADER,
		...rows.map((r) => [r.contractNumber, r.title, r.serviceType, r.status, r.startDate, r.endDate, euros(r.budgetCents), r.providerName])
	]);
}

/**
 * The contract as seen from a workspace: the actor must be a member of the URL's organisation, and that
 * organisation must be one of the contract's two sides.
 */
async function contractFor(event: Ev, action: 'contract.read' | 'contract.edit') {
	return resolveInWorkspace(event, event.params.contractId, {
		gate: () => authorizeInOrg(event.locals.actor, 'org.view', event.params.orgId),
		load: contractScopeOf,
		authorize: (a, c) => authorizeContract(a, action, c)
	});
}

export async function loadContractDetail(event: Ev) {
	const { db, actor, scope } = await contractFor(event, 'contract.read');
	const detail = await getContractDetail(db, scope.id);
	if (!detail) error(404, 'notFound');
	const canEdit = canOnContract(actor, 'contract.edit', scope);
	return {
		detail: {
			...detail,
			documents: detail.documents.map((d) => ({ ...d, uploadedAt: d.uploadedAt.toISOString() }))
		},
		canEdit,
		history: (await contractHistory(db, scope.id)).map((h) => ({ ...h, at: h.at.toISOString() })),
		/** Counts only (no customer data): how the accepted ARVIs say the customers' services ended. */
		outcomes: (await arviOutcomes(db, [scope.id])).get(scope.id)!,
		runRate: runRate(detail.budget, detail.contract, await invoicedSpan(db, scope.id))
	};
}

/** Documents are downloaded only by those who may see the contract, and every download is audited. */
export async function downloadContractDocument(event: Ev): Promise<Response> {
	const { db, scope } = await contractFor(event, 'contract.read');
	const doc = event.params.documentId ? await getDocument(db, scope.id, event.params.documentId) : undefined;
	if (!doc) error(404, 'notFound');
	await recordAudit(db, auditContext(event, event.params.orgId), {
		action: 'contract.document_download',
		areaId: scope.areaId,
		targetType: 'contract_document',
		targetIds: [doc.id, scope.id]
	});
	return new Response(doc.content as BodyInit, {
		headers: {
			'content-type': doc.mediaType,
			'content-length': String(doc.size),
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
			'cache-control': 'private, no-store'
		}
	});
}

/** The version the form was shown; one that is not a version at all is as good as stale (0 matches nothing). */
const versionOf = (data: FormData) => formVersion(data) ?? 0;

/** Echo of what was typed (strings only, bounded), so a refused form keeps its content. */
function echo(values: Record<string, unknown>) {
	return Object.fromEntries(
		Object.entries(values).map(([k, x]) => [k, Array.isArray(x) ? x.map((s) => String(s).slice(0, 200)) : String(x ?? '').slice(0, 500)])
	);
}

export async function createContractAction(event: Ev) {
	const orgId = event.params.orgId;
	authorizeInOrg(event.locals.actor, 'contract.create', orgId);
	const data = await event.request.formData();
	const checked = checkForm(contractForm, data);
	const values = checked.values;
	const providerId = field(data, 'providerId');
	if (!checked.ok) return fail(400, { values: echo(values), errors: checked.errors, message: msg('errors.checkFields') });
	if (!v.is(v.pipe(v.string(), v.uuid()), providerId)) return refuse('providerNotInRegister', { values: echo(values) });
	const result = await createContract(await getDb(), auditContext(event, orgId), orgId, providerId, checked.value);
	if (!result.ok) return refuse(result.error, { values: echo(values) });
	redirect(303, `/area/${orgId}/contracts/${result.contractId}?saved=1`);
}

function addPart(part: keyof typeof PART_FORMS, db: Db, ctx: AuditContext, id: string, version: number, input: unknown) {
	switch (part) {
		case 'priceLine':
			return addPriceLine(db, ctx, id, version, input as v.InferOutput<typeof priceLineSchema>);
		case 'cohort':
			return addCohort(db, ctx, id, version, input as v.InferOutput<typeof cohortSchema>);
		case 'option':
			return addOption(db, ctx, id, version, input as v.InferOutput<typeof optionSchema>);
		case 'contact':
			return addContact(db, ctx, id, version, input as v.InferOutput<typeof contactSchema>);
	}
}

/** The contract page's actions (area admins only): every one checks the version it was shown. */
export const contractEditActions = {
	update: async (event: Ev) => {
		const { scope } = await contractFor(event, 'contract.edit');
		const data = await event.request.formData();
		const checked = checkForm(contractForm, data);
		const values = checked.values;
		if (!checked.ok) return fail(400, { form: 'update', values: echo(values), errors: checked.errors, message: msg('errors.checkFields') });
		const r = await updateContract(await getDb(), auditContext(event, event.params.orgId), scope.id, versionOf(data), checked.value);
		return r.ok ? { success: msg('contracts.saved') } : refuse(r.error, { form: 'update', values: echo(values) });
	},
	...Object.fromEntries(
		(Object.keys(PART_FORMS) as (keyof typeof PART_FORMS)[]).map((part) => [
			`add_${part}`,
			async (event: Ev) => {
				const { scope } = await contractFor(event, 'contract.edit');
				const data = await event.request.formData();
				const checked = checkForm<v.GenericSchema, Record<string, unknown>>(PART_FORMS[part], data);
				const values = checked.values;
				if (!checked.ok) return fail(400, { form: part, values: echo(values), errors: checked.errors, message: msg('errors.checkFields') });
				const r = await addPart(part, await getDb(), auditContext(event, event.params.orgId), scope.id, versionOf(data), checked.value);
				return r.ok ? { success: msg('contracts.saved') } : refuse(r.error, { form: part, values: echo(values) });
			}
		])
	),
	remove: async (event: Ev) => {
		const { scope } = await contractFor(event, 'contract.edit');
		const data = await event.request.formData();
		const part = field(data, 'part');
		const partId = field(data, 'partId');
		if (!['priceLine', 'cohort', 'option', 'contact', 'document'].includes(part) || !v.is(v.pipe(v.string(), v.uuid()), partId)) return refuse('notFound');
		const r = await removePart(await getDb(), auditContext(event, event.params.orgId), scope.id, versionOf(data), part as 'cohort', partId);
		return r.ok ? { success: msg('contracts.removed') } : refuse(r.error);
	},
	useOption: async (event: Ev) => {
		const { scope } = await contractFor(event, 'contract.edit');
		const data = await event.request.formData();
		const optionId = field(data, 'optionId');
		if (!v.is(v.pipe(v.string(), v.uuid()), optionId)) return refuse('notFound');
		const r = await setOptionUsed(await getDb(), auditContext(event, event.params.orgId), scope.id, versionOf(data), optionId, field(data, 'used') === '1');
		return r.ok ? { success: msg('contracts.saved') } : refuse(r.error);
	},
	upload: async (event: Ev) => {
		const { scope } = await contractFor(event, 'contract.edit');
		const data = await event.request.formData();
		const file = data.get('file');
		if (!(file instanceof File) || file.size === 0) return refuse('fileEmpty', { form: 'document' });
		if (file.size > 10 * 1024 * 1024) return refuse('fileTooLarge', { form: 'document' });
		const r = await uploadDocument(await getDb(), auditContext(event, event.params.orgId), scope.id, versionOf(data), {
			name: file.name,
			content: new Uint8Array(await file.arrayBuffer())
		});
		return r.ok ? { success: msg('contracts.saved') } : refuse(r.error, { form: 'document' });
	}
};
