import { isHttpError, json, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { and, eq } from 'drizzle-orm';
import { recordAudit, type AuditContext } from '../audit';
import { clientAddress } from '../client-address';
import { getDb } from '../db';
import { customers, memberships, referrals, users } from '../db/schema';
import { validate } from '../forms';
import { apiMay } from '../policy';
import { createReferral } from '../referrals/create';
import { referralSchema } from '../referrals/schemas';
import { authenticateApiKey, type ApiCaller } from './keys';
import { issueCodes, newReferralSchema } from './schemas';

type Ev = Pick<RequestEvent, 'request' | 'locals' | 'getClientAddress'> & { params: { referralId?: string } };

const problem = (status: number, error: string, details?: Record<string, string>) => json({ error, ...(details ? { details } : {}) }, { status });

function ctxFor(event: Ev, caller: ApiCaller, userId: string | null): AuditContext {
	return {
		userId,
		organisationId: caller.areaId,
		ip: clientAddress(event),
		userAgent: `api-key:${caller.keyId}`,
		requestId: event.locals.requestId ?? null,
		clock: event.locals.clock
	};
}

/** The fields of a referral, as the schema names them. */
const FIELDS = Object.keys(referralSchema.entries) as (keyof typeof referralSchema.entries)[];

/**
 * POST /api/v1/referrals: the area's own system refers a customer on behalf of one of its case officers
 * (`officerEmail`). The same rules as the form; answers 201 with the id, or 400/401/403/422 with codes.
 */
export async function apiCreateReferral(event: Ev): Promise<Response> {
	const db = await getDb();
	const caller = await authenticateApiKey(db, event.locals.clock, event.request.headers.get('authorization'));
	if (!caller) return problem(401, 'unauthenticated');
	if (!apiMay(caller, 'referrals:write')) return problem(403, 'forbidden');
	let body: unknown;
	try {
		body = await event.request.json();
	} catch (e) {
		// The input hook refuses a non-JSON content type (415) and text that cannot be stored (400) by code.
		return isHttpError(e) ? problem(e.status, e.body.message.replace(/^errors\./, '')) : problem(400, 'invalidJson');
	}
	if (!body || typeof body !== 'object' || Array.isArray(body)) return problem(400, 'invalidJson');
	// The shape (types, unknown keys, lengths) against the schema the OpenAPI document is generated from,
	// then the form's own rules on the same values; every field's first problem is reported at once.
	const shape = v.safeParse(newReferralSchema, body);
	const raw = body as Record<string, unknown>;
	const checked = validate(referralSchema, Object.fromEntries(FIELDS.map((k) => [k, typeof raw[k] === 'string' ? raw[k] : ''])));
	const details = {
		...(checked.ok ? {} : Object.fromEntries(Object.entries(checked.errors).map(([k, m]) => [k, m.replace(/^errors\./, '')]))),
		...(shape.success ? {} : issueCodes(shape.issues))
	};
	if (!shape.success || !checked.ok) return problem(422, 'invalidInput', details);
	const officerEmail = shape.output.officerEmail.trim().toLowerCase();
	const [officer] = await db
		.select({ id: users.id })
		.from(users)
		.innerJoin(memberships, eq(memberships.userId, users.id))
		.where(and(eq(users.email, officerEmail), eq(users.active, true), eq(memberships.organisationId, caller.areaId), eq(memberships.role, 'case_officer')));
	if (!officer) return problem(422, 'invalidInput', { officerEmail: 'notCaseOfficer' });
	const result = await createReferral(db, ctxFor(event, caller, officer.id), caller.areaId, checked.value);
	if (!result.ok) return problem(422, result.error);
	return json({ id: result.referralId }, { status: 201 });
}

/** GET /api/v1/referrals/{id}: the referral's state, for the area that made it only. */
export async function apiGetReferral(event: Ev): Promise<Response> {
	const db = await getDb();
	const caller = await authenticateApiKey(db, event.locals.clock, event.request.headers.get('authorization'));
	if (!caller) return problem(401, 'unauthenticated');
	if (!apiMay(caller, 'referrals:read')) return problem(403, 'forbidden');
	const [row] = await db
		.select({ referral: referrals, customerNumber: customers.customerNumber })
		.from(referrals)
		.innerJoin(customers, eq(referrals.customerId, customers.id))
		.where(and(eq(referrals.id, event.params.referralId ?? ''), eq(referrals.areaId, caller.areaId)));
	if (!row) return problem(404, 'notFound');
	const r = row.referral;
	await recordAudit(db, ctxFor(event, caller, null), {
		action: 'api.referral_read',
		areaId: caller.areaId,
		targetType: 'referral',
		targetIds: [r.id, caller.keyId],
		customerIds: [r.customerId]
	});
	return json({
		id: r.id,
		status: r.status,
		contractId: r.contractId,
		cohortId: r.cohortId,
		customerNumber: row.customerNumber,
		answerDue: r.answerDue,
		answeredAt: r.answeredAt?.toISOString() ?? null,
		declineReason: r.declineReason
	});
}
