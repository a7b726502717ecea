/**
 * Retention and anonymisation: what has passed the area's time (`$lib/domain/retention`) loses its personal data,
 * while the rows that invoices, statistics and the scorecard count stay (participations, attendance marks with their
 * status and reason code, ARVI outcome codes, invoice lines), so no total changes. One selector per kind serves both
 * the dry run (counts) and the run (changes), so what the area admin is shown is what the next run does.
 *
 * A run per area is one transaction: the changes, the run's row and its audit entry (counts, never names) commit
 * together. The audit log itself is never touched here: old entries go only through the owner's maintenance step
 * (`scripts/maintenance-audit.ts`).
 */
import { desc, eq, sql, type SQL } from 'drizzle-orm';
import { helsinkiDate, type Clock } from '$lib/domain/clock';
import type { ArviContent } from '$lib/domain/arvi';
import { arviWithoutTexts, keptFrom, RETENTION_DEFAULTS, RETENTION_FIELDS, zeroCounts, type RetentionCounts, type RetentionRules } from '$lib/domain/retention';
import { recordAudit, type AuditContext } from '../audit';
import { rowsOf, type Db, type DbOrTx } from '../db/client';
import { organisations, retentionRules, retentionRuns, type AuditChanges } from '../db/schema';

/** One run at a time per area, across processes (the nightly job and a retry may meet). */
const RETENTION_LOCK = 7_204_377;

export async function rulesOf(db: DbOrTx, areaId: string): Promise<RetentionRules & { saved: boolean }> {
	const [row] = await db.select().from(retentionRules).where(eq(retentionRules.areaId, areaId));
	if (!row) return { ...RETENTION_DEFAULTS, saved: false };
	const rules = Object.fromEntries(RETENTION_FIELDS.map((k) => [k, row[k]])) as unknown as RetentionRules;
	return { ...rules, saved: true };
}

/** Saves the area's rules; audits the changed months (old → new). The same values again changes nothing. */
export async function saveRules(db: Db, ctx: AuditContext, areaId: string, rules: RetentionRules): Promise<{ changed: boolean }> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`select 1 from ${organisations} where ${organisations.id} = ${areaId} for update`);
		const old = await rulesOf(tx, areaId);
		const changes: AuditChanges = {};
		for (const k of RETENTION_FIELDS) if (!old.saved || old[k] !== rules[k]) changes[k] = { from: old.saved ? String(old[k]) : null, to: String(rules[k]) };
		if (Object.keys(changes).length === 0) return { changed: false };
		const values = { ...rules, updatedAt: ctx.clock(), updatedBy: ctx.userId };
		await tx
			.insert(retentionRules)
			.values({ areaId, ...values })
			.onConflictDoUpdate({ target: retentionRules.areaId, set: values });
		await recordAudit(tx, ctx, { action: 'retention.rules_update', areaId, targetType: 'organisation', targetIds: [areaId], changes });
		return { changed: true };
	});
}

const day = (d: string) => sql`${d}::date`;
const helsinkiDay = (ts: SQL) => sql`((${ts}) at time zone 'Europe/Helsinki')::date`;

/**
 * The customer `c` of the area whose service ended before `cut`: no referral waiting, none declined or withdrawn
 * since, no participation open or ended since, and no invoice of their participations' periods still unpaid.
 */
function customerEnded(areaId: string, cut: string): SQL {
	return sql`c.area_id = ${areaId}
		and ${helsinkiDay(sql`c.created_at`)} < ${day(cut)}
		and not exists (select 1 from referrals r where r.customer_id = c.id
			and (r.status = 'waiting' or (r.status in ('declined', 'withdrawn') and ${helsinkiDay(sql`coalesce(r.answered_at, r.referred_at)`)} >= ${day(cut)})))
		and not exists (select 1 from participations p where p.customer_id = c.id and (p.end_date is null or p.end_date >= ${day(cut)}))
		and not exists (select 1 from participations p join invoices i on i.contract_id = p.contract_id
			where p.customer_id = c.id and i.kind = 'invoice' and i.status <> 'paid' and i.period_from <= p.end_date and i.period_until >= p.start_date)`;
}

interface Cuts {
	customer: string;
	consent: string;
	referralText: string;
	absenceReason: string;
	arviText: string;
}

export function cutsFor(today: string, rules: RetentionRules): Cuts {
	return {
		customer: keptFrom(today, rules.customerMonths),
		consent: keptFrom(today, rules.consentMonths),
		referralText: keptFrom(today, rules.referralTextMonths),
		absenceReason: keptFrom(today, rules.absenceReasonMonths),
		arviText: keptFrom(today, rules.arviTextMonths)
	};
}

/** The ids each kind would touch, one statement per kind; the dry run counts them, the run changes them. */
const SELECT = {
	customers: (areaId: string, k: Cuts) => sql`select c.id from customers c where c.anonymised_at is null and ${customerEnded(areaId, k.customer)}`,
	consents: (areaId: string, k: Cuts) => sql`select s.id from consents s join customers c on c.id = s.customer_id where ${customerEnded(areaId, k.consent)}`,
	referralTexts: (areaId: string, k: Cuts) => sql`select r.id from referrals r where r.area_id = ${areaId}
		and (r.needs is not null or r.decline_text is not null or r.withdraw_reason is not null)
		and ((r.status in ('declined', 'withdrawn') and ${helsinkiDay(sql`coalesce(r.answered_at, r.referred_at)`)} < ${day(k.referralText)})
			or (r.status = 'accepted' and exists (select 1 from participations p where p.referral_id = r.id and p.end_date < ${day(k.referralText)})))`,
	// Only days whose period is invoiced and paid: an open period's invoice may still be computed from them.
	absenceReasons: (areaId: string, k: Cuts) => sql`select a.id from attendance a join contracts ct on ct.id = a.contract_id
		where ct.area_id = ${areaId} and a.reason_text is not null and a.day < ${day(k.absenceReason)}
		and exists (select 1 from invoices i where i.contract_id = a.contract_id and i.kind = 'invoice' and i.status = 'paid' and i.period_from <= a.day and i.period_until >= a.day)
		and not exists (select 1 from invoices i where i.contract_id = a.contract_id and i.kind = 'invoice' and i.status <> 'paid' and i.period_from <= a.day and i.period_until >= a.day)`,
	arviTexts: (areaId: string, k: Cuts) => sql`select v.id from arvis v join participations p on p.id = v.participation_id
		where v.area_id = ${areaId} and v.texts_removed_at is null and v.status in ('accepted', 'returned', 'draft', 'submitted') and p.end_date < ${day(k.arviText)}`,
	// Attachments of remarks about a customer whose data goes, and of other remarks closed before the customer cut.
	remarkAttachments: (areaId: string, k: Cuts) => sql`select x.id from remark_attachments x join remarks m on m.id = x.remark_id where m.area_id = ${areaId}
		and ((m.customer_id is not null and exists (select 1 from customers c where c.id = m.customer_id and ${customerEnded(areaId, k.customer)}))
			or (m.customer_id is null and m.status = 'closed' and ${helsinkiDay(sql`m.closed_at`)} < ${day(k.customer)}))`
} satisfies Record<keyof RetentionCounts, (areaId: string, k: Cuts) => SQL>;

async function idsOf(db: DbOrTx, q: SQL): Promise<string[]> {
	return rowsOf<{ id: string }>(await db.execute(q)).map((r) => r.id);
}

/** The dry run: how many of each kind the next run would remove (counts only, no names). */
export async function planRetention(db: DbOrTx, areaId: string, today: string, rules: RetentionRules): Promise<RetentionCounts> {
	const k = cutsFor(today, rules);
	const counts = zeroCounts();
	for (const kind of Object.keys(SELECT) as (keyof RetentionCounts)[]) {
		const [row] = rowsOf<{ n: number | string }>(await db.execute(sql`select count(*) as n from (${SELECT[kind](areaId, k)}) q`));
		counts[kind] = Number(row?.n ?? 0);
	}
	return counts;
}

const uuids = (ids: string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

async function stripArvis(tx: DbOrTx, ids: string[], now: Date): Promise<void> {
	if (ids.length === 0) return;
	const rows = rowsOf<{ id: string; content: ArviContent }>(await tx.execute(sql`select id, content from arvis where id = any(${uuids(ids)})`));
	for (const r of rows) {
		await tx.execute(
			sql`update arvis set content = ${JSON.stringify(arviWithoutTexts(r.content))}::jsonb, texts_removed_at = ${now.toISOString()}::timestamptz where id = ${r.id}`
		);
	}
	const versions = rowsOf<{ id: string; content: ArviContent }>(
		await tx.execute(sql`select id, content from arvi_versions where arvi_id = any(${uuids(ids)})`)
	);
	for (const v of versions) {
		await tx.execute(sql`update arvi_versions set content = ${JSON.stringify(arviWithoutTexts(v.content))}::jsonb, comment = null where id = ${v.id}`);
	}
}

/**
 * Anonymises the customers: name and customer number replaced by a code that names no one, contact data and the
 * henkilötunnus removed, and every free text about them (referral texts, participation and notice texts, absence
 * texts, ARVI texts, remark texts, consent revocation reasons) removed, with the sent mails to their address. Their rows stay for the invoices and figures.
 */
async function anonymiseCustomers(tx: DbOrTx, ids: string[], now: Date): Promise<void> {
	if (ids.length === 0) return;
	const list = uuids(ids);
	// Mails already sent to the customer (feedback invitations) hold their address: they go before the address does.
	await tx.execute(
		sql`delete from email_outbox where sent_at is not null and lower(to_address) in (select lower(email) from customers where id = any(${list}) and email is not null)`
	);
	await tx.execute(sql`update customers set name = 'ANON-' || upper(left(id::text, 8)), customer_number = 'anon-' || id::text,
		phone = null, email = null, personal_id_encrypted = null, anonymised_at = ${now.toISOString()}::timestamptz where id = any(${list})`);
	await tx.execute(sql`update referrals set needs = null, decline_text = null, withdraw_reason = null where customer_id = any(${list})`);
	await tx.execute(sql`update participation_events set text = null where participation_id in (select id from participations where customer_id = any(${list}))`);
	await tx.execute(sql`update notices set text = null, comment = null where customer_id = any(${list})`);
	await tx.execute(
		sql`update attendance set reason_text = null where reason_text is not null and participation_id in (select id from participations where customer_id = any(${list}))`
	);
	await tx.execute(sql`update consents set revoke_reason = null where customer_id = any(${list})`);
	await tx.execute(sql`update remarks set description = '' where customer_id = any(${list})`);
	await tx.execute(
		sql`update remark_events set text = null, corrective_action = null where remark_id in (select id from remarks where customer_id = any(${list}))`
	);
	await stripArvis(tx, await idsOf(tx, sql`select id from arvis where customer_id = any(${list}) and texts_removed_at is null`), now);
}

/** Applies the rules in the caller's transaction; returns what it removed (the dry run's counts, as of the same day). */
export async function applyRetention(tx: DbOrTx, areaId: string, now: Date, rules: RetentionRules): Promise<RetentionCounts> {
	const k = cutsFor(helsinkiDate(now), rules);
	// Every selection first, on the data as the dry run saw it; then the changes.
	const ids = {} as Record<keyof RetentionCounts, string[]>;
	for (const kind of Object.keys(SELECT) as (keyof RetentionCounts)[]) ids[kind] = await idsOf(tx, SELECT[kind](areaId, k));
	if (ids.referralTexts.length)
		await tx.execute(sql`update referrals set needs = null, decline_text = null, withdraw_reason = null where id = any(${uuids(ids.referralTexts)})`);
	if (ids.absenceReasons.length) await tx.execute(sql`update attendance set reason_text = null where id = any(${uuids(ids.absenceReasons)})`);
	await stripArvis(tx, ids.arviTexts, now);
	if (ids.remarkAttachments.length) await tx.execute(sql`delete from remark_attachments where id = any(${uuids(ids.remarkAttachments)})`);
	if (ids.consents.length) await tx.execute(sql`delete from consents where id = any(${uuids(ids.consents)})`);
	await anonymiseCustomers(tx, ids.customers, now);
	const counts = zeroCounts();
	for (const kind of Object.keys(ids) as (keyof RetentionCounts)[]) counts[kind] = ids[kind].length;
	return counts;
}

/** One area's run: the changes, the run's row and its audit entry (counts only) in one transaction. */
export async function runRetentionForArea(db: Db, clock: Clock, areaId: string): Promise<{ ran: boolean; counts: RetentionCounts }> {
	return db.transaction(async (tx) => {
		const [lock] = rowsOf<{ ok: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${RETENTION_LOCK}, hashtext(${areaId})) as ok`));
		if (!lock?.ok) return { ran: false, counts: zeroCounts() };
		const now = clock();
		const counts = await applyRetention(tx, areaId, now, await rulesOf(tx, areaId));
		const [run] = await tx
			.insert(retentionRuns)
			.values({ areaId, ranAt: now, asOf: helsinkiDate(now), counts })
			.returning({ id: retentionRuns.id });
		const changes: AuditChanges = Object.fromEntries(Object.entries(counts).map(([kind, n]) => [kind, { from: null, to: String(n) }]));
		const ctx: AuditContext = { userId: null, organisationId: areaId, ip: null, userAgent: null, requestId: null, clock: () => now };
		await recordAudit(tx, ctx, { action: 'retention.run', areaId, targetType: 'retention_run', targetIds: [run.id], changes });
		return { ran: true, counts };
	});
}

/** The nightly job: every area in turn, each in its own transaction. */
export async function runRetentionJob(db: Db, clock: Clock): Promise<{ areas: number }> {
	const areas = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.kind, 'area'));
	for (const a of areas) await runRetentionForArea(db, clock, a.id);
	return { areas: areas.length };
}

export async function listRuns(db: DbOrTx, areaId: string, limit = 50) {
	return db
		.select({ id: retentionRuns.id, ranAt: retentionRuns.ranAt, asOf: retentionRuns.asOf, counts: retentionRuns.counts })
		.from(retentionRuns)
		.where(eq(retentionRuns.areaId, areaId))
		.orderBy(desc(retentionRuns.ranAt))
		.limit(limit);
}
