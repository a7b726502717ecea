/**
 * What an operator or a buyer's circulation would reject or flag, though the files pass the schemas: each
 * party's routing in Finvoice, the stored Peppol id as the UBL endpoint, a VAT exemption reason per line, and
 * the Finvoice message time in Finnish local time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { priceInvoice } from '../../../src/lib/domain/invoicing/pricing';
import { documentLines, type InvoiceDocument } from '../../../src/lib/server/einvoice/document';
import { toFinvoice } from '../../../src/lib/server/einvoice/finvoice';
import { checkDocument } from '../../../src/lib/server/einvoice/rules';
import { checkFinvoice, checkUbl } from '../../helpers/einvoice-rules';
import { toUbl } from '../../../src/lib/server/einvoice/ubl';
import { cenViolations } from '../../integration/helpers/schematron';
import { marchInput, marchInvoice, priceLine, SHARED, sharedExists } from './fixtures';

// The EN 16931 schematron is compiled on first use (several seconds on a shared machine).
vi.setConfig({ testTimeout: 60_000 });

const dir = mkdtempSync(join(tmpdir(), 'einvoice-routing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Schema validation as the operator runs it (skipped only with PTP_ALLOW_MISSING_EINVOICE=1). */
function schemaErrors(xml: string, format: 'finvoice' | 'ubl'): string | null {
	if (!sharedExists) return null;
	const file = join(dir, `${Math.random().toString(36).slice(2)}.xml`);
	writeFileSync(file, xml);
	const r =
		format === 'finvoice'
			? spawnSync('xmllint', ['--noout', '--schema', join(SHARED, 'finvoice/Finvoice3.0.xsd'), file], { encoding: 'utf8' })
			: spawnSync('bash', [join(SHARED, 'validate-ubl.sh'), file], { encoding: 'utf8' });
	return r.status === 0 ? null : `${r.stdout}${r.stderr}`;
}

/** Both formats pass our rules and the schemas; with `cen` the UBL also passes CEN's EN 16931 schematron (slow). */
function valid(doc: InvoiceDocument, cen = false) {
	const finvoice = toFinvoice(doc, { messageTimestamp: new Date('2025-04-02T06:15:00Z') });
	const ubl = toUbl(doc);
	expect(checkFinvoice(finvoice)).toEqual([]);
	expect(checkUbl(ubl)).toEqual([]);
	if (cen) expect(cenViolations(ubl)).toEqual([]);
	expect(schemaErrors(finvoice, 'finvoice')).toBeNull();
	expect(schemaErrors(ubl, 'ubl')).toBeNull();
	return { finvoice, ubl };
}

describe('Finvoice routing: each party whenever that party has an e-invoice address', () => {
	const invoice = marchInvoice();
	it('a seller with an address and a buyer without one: the seller is routed, no envelope', () => {
		const { finvoice } = valid({ ...invoice, buyer: { ...invoice.buyer, einvoiceAddress: null, einvoiceOperator: null } });
		expect(finvoice).toContain('<SellerOrganisationUnitNumber>003715728600</SellerOrganisationUnitNumber>');
		expect(finvoice).not.toContain('BuyerOrganisationUnitNumber');
		expect(finvoice).not.toContain('InvoiceRecipientOrganisationUnitNumber');
		expect(finvoice).not.toContain('MessageTransmissionDetails');
	});

	it('a buyer with an address and a seller without one: the buyer is routed', () => {
		const { finvoice } = valid({ ...invoice, seller: { ...invoice.seller, einvoiceAddress: null, einvoiceOperator: null } });
		expect(finvoice).toContain('<BuyerOrganisationUnitNumber>00372345678000123</BuyerOrganisationUnitNumber>');
		expect(finvoice).toContain('<InvoiceRecipientOrganisationUnitNumber>00372345678000123</InvoiceRecipientOrganisationUnitNumber>');
		expect(finvoice).not.toContain('SellerOrganisationUnitNumber');
		expect(finvoice).not.toContain('MessageTransmissionDetails');
	});

	it('both routed: the envelope too, and a seller operator of BIC length as its receiving address', () => {
		const { finvoice } = valid({ ...invoice, seller: { ...invoice.seller, einvoiceOperator: 'NDEAFIHH' } });
		expect(finvoice).toMatch(/<FromIdentifier SchemeID="0037">003715728600<\/FromIdentifier>\s*<FromIntermediator>NDEAFIHH<\/FromIntermediator>/);
		expect(finvoice).toMatch(/<ToIdentifier SchemeID="0037">00372345678000123<\/ToIdentifier>\s*<ToIntermediator>NDEAFIHH<\/ToIntermediator>/);
		expect(finvoice).toMatch(
			/<InvoiceRecipientDetails>\s*<InvoiceRecipientAddress>003715728600<\/InvoiceRecipientAddress>\s*<InvoiceRecipientIntermediatorAddress>NDEAFIHH</
		);
		expect(finvoice).toContain('<SellerOrganisationUnitNumber>003715728600</SellerOrganisationUnitNumber>');
		expect(finvoice).toContain('<BuyerOrganisationUnitNumber>00372345678000123</BuyerOrganisationUnitNumber>');
	});
});

describe('Finvoice MessageTimeStamp: Helsinki local time with its offset, whole seconds, from the clock given', () => {
	it('in winter (+02:00) and in summer (+03:00)', () => {
		const invoice = marchInvoice();
		expect(toFinvoice(invoice, { messageTimestamp: new Date('2026-12-03T07:15:02.789Z') })).toContain(
			'<MessageTimeStamp>2026-12-03T09:15:02+02:00</MessageTimeStamp>'
		);
		expect(toFinvoice(invoice, { messageTimestamp: new Date('2026-07-03T06:15:02.001Z') })).toContain(
			'<MessageTimeStamp>2026-07-03T09:15:02+03:00</MessageTimeStamp>'
		);
		// Without a time: the start of the issue date in Helsinki (2 April 2025 is summer time).
		expect(toFinvoice(invoice)).toContain('<MessageTimeStamp>2025-04-02T00:00:00+03:00</MessageTimeStamp>');
	});
});

describe('UBL endpoint: the stored Peppol id when there is one, for both parties', () => {
	const invoice = marchInvoice();
	it('scheme 0037 for the seller and 0216 for the buyer, as stored', () => {
		const { ubl } = valid(
			{
				...invoice,
				seller: { ...invoice.seller, peppolId: '0037:15728600' },
				buyer: { ...invoice.buyer, peppolId: '0216:003723456780' }
			},
			true
		);
		expect(ubl).toContain('<cbc:EndpointID schemeID="0037">15728600</cbc:EndpointID>');
		expect(ubl).toContain('<cbc:EndpointID schemeID="0216">003723456780</cbc:EndpointID>');
		expect(ubl).not.toContain('003715728600</cbc:EndpointID>');
	});
	it('a stored id with a bad check digit is not used: the e-invoice address is', () => {
		const { ubl } = valid({ ...invoice, seller: { ...invoice.seller, peppolId: '0037:15728601' } });
		expect(ubl).toContain('<cbc:EndpointID schemeID="0216">003715728600</cbc:EndpointID>');
	});
});

describe('VAT exemption reason per price line', () => {
	/** March with a social-welfare start (0 %) beside the training days (0 %, their own reason) and the coaching hours. */
	function mixed(): InvoiceDocument {
		const input = {
			...marchInput,
			priceLines: [
				...marchInput.priceLines.map((l) => (l.vatRateBp === 0 ? { ...l, vatExemption: 'VATEX-EU-132-1I' } : l)),
				priceLine({
					id: 'start',
					unit: 'participant_start',
					unitPriceCents: 5_000,
					vatRateBp: 0,
					description: 'Kuntouttava aloitus',
					vatExemption: 'VATEX-EU-132-1G'
				})
			],
			starts: [{ participationId: 'p-anna', day: '2025-03-03' }]
		};
		const priced = priceInvoice(input);
		if (!priced.ok) throw new Error('must price');
		expect(priced.lines.find((l) => l.unit === 'participant_start')?.vatExemption).toBe('VATEX-EU-132-1G');
		return marchInvoice({ lines: documentLines(priced.lines, 'fi'), vat: priced.vat, totals: priced.totals });
	}

	it('one reason other than the default: its code and text in both formats', () => {
		const invoice = marchInvoice();
		const doc = {
			...invoice,
			lines: invoice.lines.map((l) =>
				l.vatRateBp === 0 ? { ...l, vatExemption: { code: 'VATEX-EU-132-1G', text: 'Arvonlisäveroton sosiaalihuoltopalvelu (AVL 37 §)' } } : l
			)
		};
		const { finvoice, ubl } = valid(doc, true);
		expect(ubl).toMatch(
			new RegExp(
				'<cbc:ID>E</cbc:ID>\\s*<cbc:Percent>0</cbc:Percent>\\s*<cbc:TaxExemptionReasonCode>VATEX-EU-132-1G</cbc:TaxExemptionReasonCode>\\s*' +
					'<cbc:TaxExemptionReason>Arvonlisäveroton sosiaalihuoltopalvelu \\(AVL 37 §\\)<'
			)
		);
		expect(ubl).not.toContain('VATEX-EU-132-1I');
		expect(finvoice).toMatch(/<VatFreeText>Arvonlisäveroton sosiaalihuoltopalvelu \(AVL 37 §\)<\/VatFreeText>\s*<VatExemptionReasonCode>VATEX-EU-132-1G</);
	});

	it('two reasons: one E breakdown (BR-E-01) naming both in line order, and each exempt line says which is its own', () => {
		const doc = mixed();
		expect(checkDocument(doc)).toEqual([]);
		const { finvoice, ubl } = valid(doc, true);
		const subtotals = ubl.match(/<cac:TaxSubtotal>[\s\S]*?<\/cac:TaxSubtotal>/g) ?? [];
		expect(subtotals.filter((st) => st.includes('<cbc:ID>E</cbc:ID>'))).toHaveLength(1);
		expect(ubl).toContain(
			'<cbc:TaxExemptionReason>Arvonlisäveroton sosiaalihuoltopalvelu (AVL 37 §); Arvonlisäveroton koulutuspalvelu (AVL 39 §)</cbc:TaxExemptionReason>'
		);
		expect(ubl).not.toContain('TaxExemptionReasonCode');
		expect(ubl).toMatch(/<cbc:Note>Arvonlisäveroton sosiaalihuoltopalvelu \(AVL 37 §\)<\/cbc:Note>\s*<cbc:InvoicedQuantity unitCode="C62">1\.00</);
		expect(finvoice.match(/<VatCode>E<\/VatCode>/g)).toHaveLength(1);
		expect(finvoice).toMatch(
			/<VatFreeText>Arvonlisäveroton sosiaalihuoltopalvelu \(AVL 37 §\)<\/VatFreeText>\s*<VatFreeText>Arvonlisäveroton koulutuspalvelu \(AVL 39 §\)<\/VatFreeText>/
		);
		expect(finvoice).toMatch(
			/<ArticleName>Kuntouttava aloitus<\/ArticleName>[\s\S]*?<RowFreeText>Arvonlisäveroton sosiaalihuoltopalvelu \(AVL 37 §\)<\/RowFreeText>/
		);
	});

	it('lines without a reason of their own (sent before lines had one) take the document’s frozen reason', () => {
		const invoice = marchInvoice({ vatExemption: { code: 'VATEX-EU-132-1I', text: 'Vanha teksti (AVL 39 §)' } });
		const { ubl } = valid(invoice);
		expect(ubl).toContain('<cbc:TaxExemptionReason>Vanha teksti (AVL 39 §)</cbc:TaxExemptionReason>');
	});
});
