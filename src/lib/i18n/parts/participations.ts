/** Messages for the participations screens (Finnish is the source; sv and en must have the same keys). */
const fi = {
	'participations.title': 'Osallistujat'
} as const;

const sv: Record<keyof typeof fi, string> = {
	'participations.title': 'Deltagare'
};

const en: Record<keyof typeof fi, string> = {
	'participations.title': 'Participants'
};

export const participations = { fi, sv, en };
