import { and, eq } from 'drizzle-orm';
import * as v from 'valibot';
import { helsinkiDate, type Clock } from '$lib/domain/clock';
import type { AuditContext } from '../audit';
import { loadActor } from '../auth/actor';
import type { Db } from '../db/client';
import { cohorts, contracts, organisations, users } from '../db/schema';
import { masterDataSchema, updateProviderMasterData } from '../providers/service';
import { createReferral } from '../referrals/create';

/**
 * What makes every demo account's home say something: a referral waiting at Rannikon Koulutus (its admin's
 * and trainer's), one in Keski-Suomi referred two weeks ago and still unanswered (late: the case officer's
 * and the area admin's), and a provider's new bank account (the Pohjanmaa invoice reviewer's and approver's
 * notification to notice). Made through the services, as people would.
 */
export async function seedDemoOversight(db: Db, clock: Clock, today: string) {
	const person = async (email: string) => (await db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0];
	const contract = async (number: string) => (await db.select().from(contracts).where(eq(contracts.contractNumber, number)))[0];
	const ctx = (userId: string, organisationId: string, at?: Date): AuditContext => ({
		userId,
		organisationId,
		ip: null,
		userAgent: null,
		requestId: 'demo-seed',
		clock: at ? () => at : clock
	});
	const consent = { consentFormVersion: 'SUO-2025-1', consentScope: 'Yhteystiedot ja tarpeet palveluntuottajalle', phone: null, email: null, personalId: null };

	// Rannikon Koulutus: a Swedish-speaking customer referred to the spring group in Vaasa.
	const pohjanmaaOfficer = await person('handlaggare@pohjanmaa.demo.fi');
	const integration = await contract('POH-2026-021');
	const [spring] = await db
		.select({ id: cohorts.id })
		.from(cohorts)
		.where(and(eq(cohorts.contractId, integration.id), eq(cohorts.name, 'Integration Vasa, vår')));
	const r1 = await createReferral(db, ctx(pohjanmaaOfficer.id, integration.areaId), integration.areaId, {
		...consent,
		contractId: integration.id,
		cohortId: spring?.id ?? null,
		customerNumber: 'VAA-10412',
		name: 'Maria Lindholm',
		language: 'sv',
		needs: 'Svenska språket och arbetslivet',
		plannedStart: null,
		consentGivenOn: today
	});
	if (!r1.ok) throw new Error(`demo referral (Rannikko): ${r1.error}`);

	// Keski-Suomi: referred two weeks ago, never answered.
	const ksOfficer = await person('asiantuntija@keskisuomi.demo.fi');
	const career = await contract('KS-2026-011');
	const twoWeeksAgo = new Date(clock().getTime() - 14 * 24 * 3600_000);
	const r2 = await createReferral(db, ctx(ksOfficer.id, career.areaId, twoWeeksAgo), career.areaId, {
		...consent,
		contractId: career.id,
		cohortId: null,
		customerNumber: 'JKL-20417',
		name: 'Ville Hämäläinen',
		language: 'fi',
		needs: 'Uranvaihdon suunnitelma',
		plannedStart: null,
		consentGivenOn: helsinkiDate(twoWeeksAgo)
	});
	if (!r2.ok) throw new Error(`demo referral (Keski-Suomi): ${r2.error}`);

	// Työkyky Partners changed its bank account (the platform's operator did it for them on the phone).
	const operator = await person('yllapito@ptp.demo.fi');
	const [tyokyky] = await db.select().from(organisations).where(eq(organisations.name, 'Työkyky Partners Oy'));
	const input = v.parse(masterDataSchema, {
		name: tyokyky.name,
		vatNumber: tyokyky.vatNumber ?? '',
		iban: 'FI8747101020567913',
		bic: tyokyky.bic ?? '',
		streetAddress: tyokyky.streetAddress ?? '',
		postalCode: tyokyky.postalCode ?? '',
		city: tyokyky.city ?? '',
		ovt: tyokyky.ovt ?? '',
		einvoiceOperator: tyokyky.einvoiceOperator ?? '',
		peppolId: tyokyky.peppolId ?? ''
	});
	const changed = await updateProviderMasterData(db, ctx(operator.id, tyokyky.id), await loadActor(db, operator.id, today), tyokyky.id, input);
	if (!changed.ok || !changed.bankChanged) throw new Error('demo bank account change');
}
