/** Messages for the invoice screens and their notifications (Finnish is the source; sv and en must have the same keys). */
const fi = {
	'notificationKind.invoice_submitted': 'Uusi lasku odottaa asiatarkastusta',
	'notificationKind.invoice_returned': 'Lasku palautettiin korjattavaksi',
	'notificationKind.invoice_checked': 'Asiatarkastettu lasku odottaa hyväksyntää',
	'notificationKind.invoice_approved': 'Lasku hyväksyttiin',
	'notify.invoice_submitted.subject': 'Uusi lasku odottaa asiatarkastusta',
	'notify.invoice_submitted.body': 'Hei,\n\npalveluntuottaja on lähettänyt laskun tarkastettavaksi:\n{link}',
	'notify.invoice_returned.subject': 'Lasku palautettiin korjattavaksi',
	'notify.invoice_returned.body': 'Hei,\n\nasiatarkastaja palautti laskun korjattavaksi. Kommentti ja lasku:\n{link}',
	'notify.invoice_checked.subject': 'Asiatarkastettu lasku odottaa hyväksyntää',
	'notify.invoice_checked.body': 'Hei,\n\nlasku on asiatarkastettu ja odottaa hyväksyntää:\n{link}',
	'notify.invoice_approved.subject': 'Lasku hyväksyttiin',
	'notify.invoice_approved.body': 'Hei,\n\ntyöllisyysalue hyväksyi laskunne:\n{link}'
};

const sv: Record<keyof typeof fi, string> = {
	'notificationKind.invoice_submitted': 'En ny faktura väntar på granskning',
	'notificationKind.invoice_returned': 'En faktura returnerades för korrigering',
	'notificationKind.invoice_checked': 'En granskad faktura väntar på godkännande',
	'notificationKind.invoice_approved': 'Fakturan godkändes',
	'notify.invoice_submitted.subject': 'En ny faktura väntar på granskning',
	'notify.invoice_submitted.body': 'Hej,\n\ntjänsteproducenten har skickat en faktura för granskning:\n{link}',
	'notify.invoice_returned.subject': 'En faktura returnerades för korrigering',
	'notify.invoice_returned.body': 'Hej,\n\ngranskaren returnerade fakturan för korrigering. Kommentar och faktura:\n{link}',
	'notify.invoice_checked.subject': 'En granskad faktura väntar på godkännande',
	'notify.invoice_checked.body': 'Hej,\n\nfakturan har granskats och väntar på godkännande:\n{link}',
	'notify.invoice_approved.subject': 'Fakturan godkändes',
	'notify.invoice_approved.body': 'Hej,\n\nsysselsättningsområdet godkände er faktura:\n{link}'
};

const en: Record<keyof typeof fi, string> = {
	'notificationKind.invoice_submitted': 'A new invoice is waiting for review',
	'notificationKind.invoice_returned': 'An invoice was returned for corrections',
	'notificationKind.invoice_checked': 'A checked invoice is waiting for approval',
	'notificationKind.invoice_approved': 'The invoice was approved',
	'notify.invoice_submitted.subject': 'A new invoice is waiting for review',
	'notify.invoice_submitted.body': 'Hello,\n\na provider has sent an invoice for review:\n{link}',
	'notify.invoice_returned.subject': 'An invoice was returned for corrections',
	'notify.invoice_returned.body': 'Hello,\n\nthe reviewer returned the invoice for corrections. Comment and invoice:\n{link}',
	'notify.invoice_checked.subject': 'A checked invoice is waiting for approval',
	'notify.invoice_checked.body': 'Hello,\n\nthe invoice has been checked and is waiting for approval:\n{link}',
	'notify.invoice_approved.subject': 'The invoice was approved',
	'notify.invoice_approved.body': 'Hello,\n\nthe employment area approved your invoice:\n{link}'
};

export const invoices = { fi, sv, en };
