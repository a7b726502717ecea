import type { Database } from '../../../src/lib/server/db/client';
import { registerProvider, type ProviderInput } from '../../../src/lib/server/providers/service';
import { createContract } from '../../../src/lib/server/contracts/service';
import { DEFAULT_CONTRACT_TERMS, type ContractInput } from '../../../src/lib/server/contracts/schemas';
import type { AuditContext } from '../../../src/lib/server/audit';

let n = 0;
/** Y-tunnus with a correct check digit for any 7-digit base. */
export function businessId(base: number): string {
	const digits = String(base).padStart(7, '0');
	const sum = [7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + w * Number(digits[i]), 0);
	const r = sum % 11;
	return r === 1 ? businessId(base + 1) : `${digits}-${r === 0 ? 0 : 11 - r}`;
}

export function providerInput(overrides: Partial<ProviderInput> = {}): ProviderInput {
	n++;
	return {
		name: `Valmennus ${n} Oy`,
		businessId: businessId(2000000 + n * 17 + Math.floor(Math.random() * 1000) * 1000),
		vatNumber: null,
		iban: 'FI2112345600000785',
		bic: null,
		streetAddress: null,
		postalCode: null,
		city: 'Vaasa',
		ovt: null,
		peppolId: null,
		einvoiceOperator: null,
		supplierNumber: null,
		contactName: null,
		contactEmail: null,
		contactPhone: null,
		notes: null,
		...overrides
	};
}

export function contractInput(overrides: Partial<ContractInput> = {}): ContractInput {
	n++;
	return {
		contractNumber: `HS-2026-${n}`,
		diaryNumber: null,
		title: `Työnhakuvalmennus ${n}`,
		serviceType: 'job_search_coaching',
		kind: 'framework',
		status: 'active',
		startDate: '2026-01-01',
		endDate: '2026-12-31',
		languages: ['fi'],
		places: ['Vaasa'],
		capacityTotal: 40,
		capacityPerCohort: 20,
		budget: 25_000_000,
		...DEFAULT_CONTRACT_TERMS,
		requiresPersonalId: false,
		...overrides
	};
}

/** A provider in the area's register with one active contract. */
export async function providerWithContract(database: Database, ctx: AuditContext, areaId: string, overrides: Partial<ContractInput> = {}) {
	const p = await registerProvider(database.db, ctx, areaId, providerInput());
	if (!p.ok) throw new Error(p.error);
	const c = await createContract(database.db, ctx, areaId, p.providerId, contractInput(overrides));
	if (!c.ok) throw new Error(c.error);
	return { providerId: p.providerId, contractId: c.contractId };
}
