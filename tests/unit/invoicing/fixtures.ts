/** Test data for the invoicing tests: valid Finnish identifiers (from ../shared/einvoice/identifiers/vectors.json). */
import { SHARED_EINVOICE, sharedEinvoice } from '../../shared-einvoice';
import { createFinnishReference } from '../../../src/lib/domain/identifiers';
import { priceInvoice, totalsOf, vatBreakdown, type PriceLine, type PricingInput } from '../../../src/lib/domain/invoicing/pricing';
import { documentLines, type InvoiceDocument } from '../../../src/lib/server/einvoice/document';

/** The shared e-invoice references beside the repository (../shared/einvoice) and xmllint: required unless opted out. */
export const SHARED = SHARED_EINVOICE;
export const sharedExists = sharedEinvoice();

export const priceLine = (p: Partial<PriceLine> & Pick<PriceLine, 'id' | 'unit' | 'unitPriceCents'>): PriceLine => ({
	description: p.unit,
	vatRateBp: 2550,
	validFrom: '2025-01-01',
	condition: null,
	...p
});

/** A month of a contract with coaching (25.5 %) and training days (0 %), a price change and a correction. */
export const marchInput: PricingInput = {
	period: { from: '2025-03-01', until: '2025-03-31' },
	priceLines: [
		priceLine({ id: 'day-1', unit: 'participant_day', unitPriceCents: 9_000, vatRateBp: 0, description: 'Opiskelijatyöpäivä' }),
		priceLine({ id: 'day-2', unit: 'participant_day', unitPriceCents: 9_450, vatRateBp: 0, validFrom: '2025-03-15', description: 'Opiskelijatyöpäivä' }),
		priceLine({ id: 'hour', unit: 'hour', unitPriceCents: 8_533, vatRateBp: 2550, description: 'Valmennustunti' })
	],
	billableAbsences: ['sick'],
	marks: [
		{ participationId: 'p-anna', day: '2025-03-03', status: 'present', reason: null },
		{ participationId: 'p-anna', day: '2025-03-04', status: 'absent', reason: 'sick' },
		{ participationId: 'p-anna', day: '2025-03-17', status: 'present', reason: null },
		{ participationId: 'p-bertil', day: '2025-03-17', status: 'absent', reason: 'unexcused' }
	],
	meetings: [
		{ meetingId: 'm-1', participationId: 'p-bertil', day: '2025-03-05', minutes: 45, status: 'held' },
		{ meetingId: 'm-2', participationId: 'p-bertil', day: '2025-03-12', minutes: 50, status: 'held' }
	],
	corrections: [
		{
			participationId: 'p-bertil',
			day: '2025-02-20',
			before: { status: 'present', reason: null },
			after: { status: 'absent', reason: 'unexcused' },
			originalPeriod: '2025-02'
		}
	]
};

export const SELLER = {
	name: 'Valmennus Esimerkki Oy',
	businessId: '1572860-0',
	vatId: 'FI15728600',
	address: { street: 'Kauppakatu 1', postalCode: '65100', city: 'Vaasa', countryCode: 'FI' },
	einvoiceAddress: '003715728600',
	einvoiceOperator: '003721291126',
	iban: 'FI21 1234 5600 0007 85',
	bic: 'NDEAFIHH'
};

export const BUYER = {
	name: 'Pohjanmaan työllisyysalue',
	businessId: '2345678-0',
	vatId: 'FI23456780',
	address: { street: 'Raastuvankatu 30', postalCode: '65100', city: 'Vaasa', countryCode: 'FI' },
	einvoiceAddress: '00372345678000123',
	einvoiceOperator: 'NDEAFIHH',
	buyerReference: 'TYL-4410',
	orderReference: null
};

/** The March invoice as a document, through the pricing engine. */
export function marchInvoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
	const result = priceInvoice(marchInput);
	if (!result.ok) throw new Error('the fixture must price');
	return {
		kind: 'invoice',
		number: 'PTP-2025-0042',
		issueDate: '2025-04-02',
		dueDate: '2025-04-23',
		currency: 'EUR',
		language: 'fi',
		seller: SELLER,
		buyer: BUYER,
		paymentReference: createFinnishReference('2025042'),
		specificationId: 'SPEC-7F3A-2025-03',
		contractNumber: 'POH-2024-117',
		period: marchInput.period,
		lines: documentLines(result.lines, 'fi'),
		vat: result.vat,
		totals: result.totals,
		original: null,
		...overrides
	};
}

/** A credit note of the March invoice's 25.5 % line (credited amounts are positive in the document). */
export function marchCreditNote(): InvoiceDocument {
	const invoice = marchInvoice();
	const lines = invoice.lines.filter((l) => l.vatRateBp === 2550);
	const vat = vatBreakdown(lines);
	return {
		...invoice,
		kind: 'credit_note',
		number: 'PTP-2025-0043',
		issueDate: '2025-04-10',
		dueDate: '2025-04-10',
		language: 'sv',
		lines,
		vat,
		totals: totalsOf(lines, vat),
		original: { number: invoice.number, issueDate: invoice.issueDate }
	};
}

/** A party without an e-invoice address (the business id is its Peppol endpoint) and a name too long for one Finvoice field. */
export function invoiceWithoutOvt(): InvoiceDocument {
	const invoice = marchInvoice({ language: 'en' });
	return {
		...invoice,
		seller: { ...invoice.seller, name: 'Valmennus- ja koulutuspalvelut Esimerkki Osakeyhtiö, Pohjanmaan ja Keski-Pohjanmaan toimipisteet' },
		buyer: { ...invoice.buyer, einvoiceAddress: null, einvoiceOperator: null, buyerReference: null, orderReference: 'PO-2025-118' }
	};
}
