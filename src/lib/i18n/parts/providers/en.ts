import type { CatalogueOf } from '../../core';
import type { fi } from './fi';

/** providers: the English messages, with exactly the Finnish keys. */
export const en: CatalogueOf<typeof fi> = {
	'providers.masterData': 'Shared master data',
	'providers.masterDataOwner': 'The provider keeps these details itself, and they are the same for every area. An area cannot change them.',
	'providers.supplierRecord': 'The area’s supplier record',
	'providers.supplierNumber': 'Supplier number',
	'providers.notes': 'Notes',
	'providers.recordSaved': 'The area’s supplier record was saved.',
	'providers.savedBankChanged': 'Saved. The invoice reviewers and approvers of the areas you have contracts with were told of the new bank account.',
	'providers.vatNumberHint': 'Empty: the id formed from the business ID (FI and its digits).',
	'areaOrganisation.title': "The area's e-invoice details",
	'areaOrganisation.cardText': 'E-invoice address, operator and Peppol id that providers invoice to',
	'areaOrganisation.intro':
		"These become the buyer's details on every e-invoice to the area (Finvoice routing and the Peppol address). Invoices already sent are not affected.",
	'areaOrganisation.ovtHint': 'OVT code: 0037, the business ID without the hyphen and an optional suffix, e.g. 003712345671001',
	'areaOrganisation.peppolHint': 'As scheme:value, e.g. 0216:003712345671 or 0037:12345671',
	'areaOrganisation.saved': 'The e-invoice details were saved.',
	'providers.own.title': 'Organisation details',
	'providers.own.cardText': 'Name, address, bank account and e-invoice address',
	'providers.own.intro':
		'These details are shown to every area you have contracts with, and your invoices are made from them. Invoices already sent do not change.',
	'providers.own.bankHint':
		'The invoice reviewers and approvers of the areas are told of a new bank account, and your next invoice shows them a warning about it.',
	'errors.vatNumberInvalid': 'Give the VAT number as FI12345678.',
	'invoices.bankChanged':
		'The provider’s bank account has changed since the last approved invoice: {previous} → {current}. Confirm the change with the provider before approving.',
	'notificationKind.provider_bank_changed': 'A provider’s bank account changed',
	'notificationKind.provider_linked': 'An employment area linked your organisation to its register',
	'notify.provider_bank_changed.subject': 'A provider’s bank account changed',
	'notify.provider_bank_changed.body':
		'Hello,\n\na provider your area has a contract with has changed its bank account. See the details in the portal before approving its next invoice:\n{link}',
	'notify.provider_linked.subject': 'An employment area linked your organisation to its register',
	'notify.provider_linked.body':
		'Hello,\n\nan employment area has linked your organisation to its register of providers. Your organisation’s details stay in your own hands:\n{link}'
};
