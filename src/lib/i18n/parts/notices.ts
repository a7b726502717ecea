/** Messages for the notices screens (Finnish is the source; sv and en must have the same keys). */
const fi = {
	'notices.title': 'Ilmoitukset'
} as const;

const sv: Record<keyof typeof fi, string> = {
	'notices.title': 'Anmälningar'
};

const en: Record<keyof typeof fi, string> = {
	'notices.title': 'Notices'
};

export const notices = { fi, sv, en };
