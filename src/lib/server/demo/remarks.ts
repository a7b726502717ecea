import { eq } from 'drizzle-orm';
import { addDays, helsinkiLocalToInstant, type Clock } from '$lib/domain/clock';
import type { AuditContext } from '../audit';
import { loadActor } from '../auth/actor';
import type { Db } from '../db/client';
import { contracts, users } from '../db/schema';
import { fileRemark } from '../remarks/filing';
import { answerRemark } from '../remarks/steps';

/**
 * Quality remarks in Pohjanmaa: one about the Vaasa coaching contract whose answer is overdue (the provider's admin
 * has something to answer, the area something to chase), and one about the group training that Valmennus Pohjola
 * has answered, waiting for the area to accept or ask for more. No price reduction: the invoices stay as recorded.
 */
export async function seedDemoRemarks(db: Db, _clock: Clock, today: string) {
	const [admin] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'paakayttaja@pohjanmaa.demo.fi'));
	const [providerAdmin] = await db.select({ id: users.id }).from(users).where(eq(users.email, 'paakayttaja@valmennuspohjola.demo.fi'));
	const ctx = (userId: string, orgId: string, day: string): AuditContext => ({
		userId,
		organisationId: orgId,
		ip: null,
		userAgent: null,
		requestId: 'demo-seed',
		clock: () => helsinkiLocalToInstant(`${day}T10:00`)
	});
	const [coaching] = await db.select().from(contracts).where(eq(contracts.contractNumber, 'POH-2026-014'));
	const [group] = await db.select().from(contracts).where(eq(contracts.contractNumber, 'POH-2026-041'));
	const filedOn = (days: number) => addDays(today, -days);
	const areaActor = async (day: string) => loadActor(db, admin.id, day);

	const late = await fileRemark(db, ctx(admin.id, coaching.areaId, filedOn(14)), await areaActor(filedOn(14)), coaching.areaId, {
		contractId: coaching.id,
		cohortId: null,
		participationId: null,
		category: 'reporting',
		description: 'Poissaoloilmoitukset helmikuulta tulivat 6–9 työpäivää myöhässä, vaikka sopimuksen määräaika on 3 työpäivää.',
		observedOn: filedOn(16),
		responseDays: 5,
		attachment: null
	});
	if (!late.ok) throw new Error(`demo remark: ${late.error}`);

	const answered = await fileRemark(db, ctx(admin.id, group.areaId, filedOn(9)), await areaActor(filedOn(9)), group.areaId, {
		contractId: group.id,
		cohortId: null,
		participationId: null,
		category: 'premises',
		description: 'Ryhmätila oli kahtena päivänä liian pieni: osa osallistujista joutui seisomaan.',
		observedOn: filedOn(10),
		responseDays: 10,
		attachment: null
	});
	if (!answered.ok) throw new Error(`demo remark: ${answered.error}`);
	const r = await answerRemark(
		db,
		ctx(providerAdmin.id, group.providerId, filedOn(5)),
		await loadActor(db, providerAdmin.id, filedOn(5)),
		answered.remarkId,
		1,
		{
			explanation: 'Tilavaraus oli tehty väärään saliin kahdeksi päiväksi.',
			correctiveAction: 'Isompi sali varattu koko ryhmän ajaksi; varaukset tarkistetaan viikoittain.',
			correctiveBy: filedOn(2),
			attachment: null
		}
	);
	if (!r.ok) throw new Error(`demo remark answer: ${r.error}`);
}
