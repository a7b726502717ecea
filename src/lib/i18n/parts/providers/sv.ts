import type { CatalogueOf } from '../../core';
import type { fi } from './fi';

/** providers: the Swedish messages, with exactly the Finnish keys. */
export const sv: CatalogueOf<typeof fi> = {
	'providers.masterData': 'Gemensamma grunduppgifter',
	'providers.masterDataOwner': 'Tjänsteproducenten sköter själv dessa uppgifter, och de är desamma för alla områden. Området kan inte ändra dem.',
	'providers.supplierRecord': 'Områdets leverantörsuppgifter',
	'providers.supplierNumber': 'Leverantörsnummer',
	'providers.notes': 'Anteckningar',
	'providers.recordSaved': 'Områdets leverantörsuppgifter har sparats.',
	'providers.savedBankChanged':
		'Uppgifterna har sparats. Fakturagranskarna och godkännarna i de områden som ni har avtal med har underrättats om det nya kontonumret.',
	'providers.vatNumberHint': 'Tomt: numret som bildas av FO-numret (FI och FO-numrets siffror).',
	'areaOrganisation.title': 'Områdets e-fakturauppgifter',
	'areaOrganisation.cardText': 'E-fakturaadress, förmedlare och Peppol-id som tjänsteproducenterna fakturerar till',
	'areaOrganisation.intro':
		'Uppgifterna blir köparens uppgifter på varje e-faktura till området (Finvoice-dirigering och Peppol-adress). Fakturor som redan skickats påverkas inte.',
	'areaOrganisation.ovtHint': 'OVT-kod: 0037, FO-numret utan bindestreck och eventuell tilläggsdel, t.ex. 003712345671001',
	'areaOrganisation.peppolHint': 'I formen schema:värde, t.ex. 0216:003712345671 eller 0037:12345671',
	'areaOrganisation.saved': 'E-fakturauppgifterna har sparats.',
	'providers.own.title': 'Organisationens uppgifter',
	'providers.own.cardText': 'Namn, adress, kontonummer och e-fakturaadress',
	'providers.own.intro':
		'Uppgifterna syns för alla områden som ni har avtal med, och era fakturor bildas av dem. Redan skickade fakturor påverkas inte av en ändring.',
	'providers.own.bankHint': 'Fakturagranskarna och godkännarna i områdena underrättas om ett nytt kontonummer, och nästa faktura visar en varning om det.',
	'errors.vatNumberInvalid': 'Ange momsnumret i formen FI12345678.',
	'invoices.bankChanged':
		'Tjänsteproducentens kontonummer har ändrats sedan den senaste godkända fakturan: {previous} → {current}. Bekräfta ändringen hos tjänsteproducenten före godkännandet.',
	'notificationKind.provider_bank_changed': 'Tjänsteproducentens kontonummer ändrades',
	'notificationKind.provider_linked': 'Ett sysselsättningsområde kopplade er organisation till sitt register',
	'notify.provider_bank_changed.subject': 'Tjänsteproducentens kontonummer ändrades',
	'notify.provider_bank_changed.body':
		'Hej,\n\nen tjänsteproducent som ert område har avtal med har ändrat sitt kontonummer. Se uppgifterna i portalen före godkännandet av nästa faktura:\n{link}',
	'notify.provider_linked.subject': 'Ett sysselsättningsområde kopplade er organisation till sitt register',
	'notify.provider_linked.body':
		'Hej,\n\nett sysselsättningsområde har kopplat er organisation till sitt register över tjänsteproducenter. Er organisations uppgifter sköts fortfarande av er själva:\n{link}'
};
