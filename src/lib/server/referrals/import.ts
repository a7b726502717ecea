import { parse } from 'csv-parse/sync';
import { and, eq } from 'drizzle-orm';
import { errorKey, msg, type MessageKey } from '$lib/i18n';
import type { AuditContext } from '../audit';
import type { Db } from '../db/client';
import { cohorts, contracts } from '../db/schema';
import { validate } from '../forms';
import { referralSchema, type ReferralInput } from './schemas';
import { createGroupReferral } from './create';
import { isStorableText } from '$lib/domain/limits';

export const IMPORT_COLUMNS = [
	'customerNumber',
	'name',
	'phone',
	'email',
	'language',
	'contractNumber',
	'cohort',
	'needs',
	'plannedStart',
	'consentFormVersion',
	'consentScope',
	'consentGivenOn'
] as const;
export const IMPORT_MAX_ROWS = 500;

export type RowProblem = { row: number; field: string; message: MessageKey };
export type ImportResult = { ok: true; count: number } | { ok: false; problems: RowProblem[] };

/**
 * CSV import of referrals (UTF-8, comma or semicolon, header row with IMPORT_COLUMNS). Every row is
 * checked first and the report lists every problem with its row number; only a file without problems is
 * imported, in one transaction, so nothing is ever half-imported.
 */
export async function importReferralsCsv(db: Db, ctx: AuditContext, areaId: string, text: string): Promise<ImportResult> {
	let records: Record<string, string>[];
	try {
		// Uploaded files pass the input hook unread: a NUL (which no column can hold) makes the file unreadable.
		if (!isStorableText(text)) throw new Error('not storable');
		const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
		records = parse(text.replace(/^\uFEFF/, ''), {
			columns: true,
			skip_empty_lines: true,
			trim: true,
			delimiter: firstLine.includes(';') && !firstLine.includes(',') ? ';' : ','
		});
	} catch {
		return { ok: false, problems: [{ row: 0, field: 'file', message: 'errors.csvUnreadable' }] };
	}
	if (records.length === 0) return { ok: false, problems: [{ row: 0, field: 'file', message: 'errors.groupEmpty' }] };
	if (records.length > IMPORT_MAX_ROWS) return { ok: false, problems: [{ row: 0, field: 'file', message: 'errors.csvTooManyRows' }] };
	const missing = IMPORT_COLUMNS.filter((c) => !(c in records[0]) && !['phone', 'email', 'cohort', 'needs', 'plannedStart'].includes(c));
	if (missing.length) return { ok: false, problems: missing.map((field) => ({ row: 1, field, message: msg('errors.csvMissingColumn') })) };

	const areaContracts = await db.select({ id: contracts.id, number: contracts.contractNumber }).from(contracts).where(eq(contracts.areaId, areaId));
	const problems: RowProblem[] = [];
	const inputs: ReferralInput[] = [];
	for (const [i, rec] of records.entries()) {
		const row = i + 2; // the header is row 1
		const contract = areaContracts.find((c) => c.number === rec.contractNumber);
		if (!contract) {
			problems.push({ row, field: 'contractNumber', message: 'errors.contractNotActive' });
			continue;
		}
		let cohortId = '';
		if (rec.cohort) {
			const [found] = await db
				.select({ id: cohorts.id })
				.from(cohorts)
				.where(and(eq(cohorts.contractId, contract.id), eq(cohorts.name, rec.cohort)));
			if (!found) {
				problems.push({ row, field: 'cohort', message: 'errors.cohortNotFound' });
				continue;
			}
			cohortId = found.id;
		}
		const checked = validate(referralSchema, {
			contractId: contract.id,
			cohortId,
			customerNumber: rec.customerNumber ?? '',
			name: rec.name ?? '',
			phone: rec.phone ?? '',
			email: rec.email ?? '',
			language: rec.language ?? '',
			personalId: '',
			needs: rec.needs ?? '',
			plannedStart: rec.plannedStart ?? '',
			consentFormVersion: rec.consentFormVersion ?? '',
			consentScope: rec.consentScope ?? '',
			consentGivenOn: rec.consentGivenOn ?? ''
		});
		if (checked.ok) inputs.push(checked.value);
		else for (const [field, message] of Object.entries(checked.errors)) problems.push({ row, field, message });
	}
	if (problems.length) return { ok: false, problems };
	const result = await createGroupReferral(db, ctx, areaId, inputs);
	if (!result.ok) return { ok: false, problems: [{ row: result.row + 1, field: 'row', message: errorKey(result.error) }] };
	return { ok: true, count: result.referralIds.length };
}
