/**
 * Filing a quality remark (reklamaatio): the area files one on a contract, optionally on a cohort or a
 * participation, numbered per area and year; the provider's admins who may answer it are told.
 */
import { and, count, eq, sql } from 'drizzle-orm';
import { helsinkiDate } from '$lib/domain/clock';
import { remarkNumber, type RemarkCategory } from '$lib/domain/remarks';
import { addWorkingDays } from '$lib/domain/working-days';
import type { AuditContext } from '../audit';
import type { Db } from '../db/client';
import { cohorts, contracts, participations, remarkEvents, remarks } from '../db/schema';
import { notify } from '../notifications/service';
import { canInOrg, canOnContract, canOnParticipation, type Actor } from '../policy';
import { auditRemark, providerAnswerers, remarkLink, type Result } from './access';
import { checkedUpload, storeAttachment, type Upload } from './attachments';

export interface FileRemarkInput {
	contractId: string;
	cohortId: string | null;
	participationId: string | null;
	category: RemarkCategory;
	description: string;
	observedOn: string;
	responseDays: number;
	attachment: Upload | null;
}

/**
 * Files a remark in the area's name (`remark.file`) on one of its contracts; the response is due `responseDays`
 * working days from today. A remark on a participation takes its cohort and customer from it, and the filer must
 * be one who may read that participation.
 */
export async function fileRemark(db: Db, ctx: AuditContext, actor: Actor, areaId: string, input: FileRemarkInput): Promise<Result<{ remarkId: string }>> {
	const upload = await checkedUpload(input.attachment);
	if (!upload.ok) return upload;
	return db.transaction(async (tx) => {
		const [c] = await tx.select().from(contracts).where(eq(contracts.id, input.contractId));
		if (!c || c.areaId !== areaId || !canInOrg(actor, 'remark.file', areaId) || !canOnContract(actor, 'contract.read', c))
			return { ok: false, error: 'notFound' } as const;
		let cohortId = input.cohortId;
		let customerId: string | null = null;
		if (input.participationId) {
			const [p] = await tx
				.select({ contractId: participations.contractId, cohortId: participations.cohortId, customerId: participations.customerId })
				.from(participations)
				.where(eq(participations.id, input.participationId));
			const scope = p && { areaId: c.areaId, providerId: c.providerId, contractId: p.contractId, cohortId: p.cohortId, consentRevoked: false };
			if (!p || p.contractId !== c.id || !canOnParticipation(actor, 'participation.read', scope!)) return { ok: false, error: 'notFound' } as const;
			cohortId = p.cohortId;
			customerId = p.customerId;
		} else if (cohortId) {
			const [h] = await tx.select({ contractId: cohorts.contractId }).from(cohorts).where(eq(cohorts.id, cohortId));
			if (!h || h.contractId !== c.id) return { ok: false, error: 'remarkCohortMismatch' } as const;
		}
		const now = ctx.clock();
		const today = helsinkiDate(now);
		const year = today.slice(0, 4);
		// Two remarks of one area filed at once take turns here, so that no number is given twice.
		await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'remark:' + areaId}))`);
		const [{ n }] = await tx
			.select({ n: count() })
			.from(remarks)
			.where(and(eq(remarks.areaId, areaId), sql`${remarks.number} like ${year + '-%'}`));
		const [row] = await tx
			.insert(remarks)
			.values({
				areaId,
				providerId: c.providerId,
				contractId: c.id,
				cohortId,
				participationId: input.participationId,
				customerId,
				number: remarkNumber(year, n + 1),
				category: input.category,
				description: input.description,
				observedOn: input.observedOn,
				responseDays: input.responseDays,
				dueOn: addWorkingDays(today, input.responseDays),
				filedAt: now,
				filedBy: actor.userId
			})
			.returning();
		const [ev] = await tx
			.insert(remarkEvents)
			.values({ remarkId: row.id, kind: 'filed', at: now, by: actor.userId, text: input.description, dueOn: row.dueOn })
			.returning({ id: remarkEvents.id });
		if (upload.doc) await storeAttachment(tx, ctx, row.id, ev.id, upload.doc);
		await auditRemark(tx, ctx, 'remark.file', row);
		await notify(tx, ctx.clock, await providerAnswerers(tx, row, today), 'remark_new', remarkLink('provider', row.providerId, row.id));
		return { ok: true, remarkId: row.id } as const;
	});
}
