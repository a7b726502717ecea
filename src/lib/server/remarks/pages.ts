/**
 * What the quality remark pages share (list-pages.ts, filing-page.ts, remark-page.ts): the workspace side and the
 * event they take, the form fields' common rules, the service's refusals as messages, the contracts the actor
 * sees and an attachment sent with a form.
 */
import type { RequestEvent } from '@sveltejs/kit';
import { asc, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { REMARK_RESPONSE_DAYS_MAX } from '$lib/domain/remarks';
import { getDb } from '../db';
import { contracts, organisations } from '../db/schema';
import type { ErrorCode } from '../forms';
import { text, wholeNumber } from '../forms/schemas';
import { contractListScope } from '../policy/scope';
import type { RemarkError } from './access';
import type { Upload } from './attachments';

export type Side = 'area' | 'provider';
export type Ev = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & {
	params: { orgId: string; remarkId?: string; attachmentId?: string };
};

export const uuid = v.pipe(v.string(), v.uuid());
export const isUuid = (s: string | null): s is string => s !== null && v.is(uuid, s);

/** The service's refusals as message codes (`errors.<code>`). */
export const ERROR_CODE: Record<RemarkError, ErrorCode> = {
	notFound: 'notFound',
	remarkConflict: 'remarkConflict',
	remarkStepNotAllowed: 'remarkStepNotAllowed',
	remarkReductionExists: 'remarkReductionExists',
	remarkCohortMismatch: 'remarkCohortMismatch',
	fileEmpty: 'fileEmpty',
	fileTooLarge: 'fileTooLarge',
	fileType: 'fileType'
};

export const required = (max: number, message: string) => v.pipe(text(max), v.minLength(1, message));
export const responseDays = wholeNumber(1, REMARK_RESPONSE_DAYS_MAX, 'remarkResponseDaysInvalid');

/** The contracts the actor sees in the organisation (filters and the filing form). */
export async function visibleContracts(actor: App.Locals['actor'] & object, orgId: string) {
	const db = await getDb();
	return db
		.select({ id: contracts.id, number: contracts.contractNumber, title: contracts.title, providerId: contracts.providerId, providerName: organisations.name })
		.from(contracts)
		.innerJoin(organisations, eq(contracts.providerId, organisations.id))
		.where(contractListScope(actor, orgId))
		.orderBy(asc(contracts.contractNumber))
		.limit(1000);
}

/** The file sent in the form's `attachment` field, if any. */
export function upload(data: FormData): Promise<Upload | null> | null {
	const file = data.get('attachment');
	if (!(file instanceof File) || file.size === 0) return null;
	return file.arrayBuffer().then((b) => ({ name: file.name, content: new Uint8Array(b) }));
}
