/** Messages for the notices screens (Finnish is the source; sv and en must have the same keys). */
const fi = {
	'notices.title': 'Ilmoitukset',
	'notificationKind.notice_new': 'Uusi ilmoitus palveluntuottajalta',
	'notificationKind.notice_decided': 'Alue on käsitellyt ilmoituksen',
	'notify.notice_new.subject': 'Uusi ilmoitus odottaa käsittelyä',
	'notify.notice_new.body': 'Hei,\n\npalveluntuottaja on lähettänyt asiakkaastanne ilmoituksen (poissaolo, keskeytys tai jatkopyyntö). Käsitelkää se määräajassa:\n{link}',
	'notify.notice_decided.subject': 'Ilmoitus on käsitelty',
	'notify.notice_decided.body': 'Hei,\n\ntyöllisyysalue on käsitellyt lähettämänne ilmoituksen. Päätös ja kommentti:\n{link}'
} as const;

const sv: Record<keyof typeof fi, string> = {
	'notices.title': 'Anmälningar',
	'notificationKind.notice_new': 'Ny anmälan från en tjänsteproducent',
	'notificationKind.notice_decided': 'Området har behandlat en anmälan',
	'notify.notice_new.subject': 'En ny anmälan väntar på behandling',
	'notify.notice_new.body': 'Hej,\n\nen tjänsteproducent har skickat en anmälan om er kund (frånvaro, avbrott eller begäran om förlängning). Behandla den inom tidsfristen:\n{link}',
	'notify.notice_decided.subject': 'En anmälan har behandlats',
	'notify.notice_decided.body': 'Hej,\n\nsysselsättningsområdet har behandlat er anmälan. Beslut och kommentar:\n{link}'
};

const en: Record<keyof typeof fi, string> = {
	'notices.title': 'Notices',
	'notificationKind.notice_new': 'A new notice from a provider',
	'notificationKind.notice_decided': 'The area has handled a notice',
	'notify.notice_new.subject': 'A new notice is waiting to be handled',
	'notify.notice_new.body': 'Hello,\n\na provider has sent a notice about your customer (an absence, an interruption or an extension request). Please handle it by the deadline:\n{link}',
	'notify.notice_decided.subject': 'A notice has been handled',
	'notify.notice_decided.body': 'Hello,\n\nthe employment area has handled your notice. The decision and comment:\n{link}'
};

export const notices = { fi, sv, en };
