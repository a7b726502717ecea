/** Messages for the attendance screens (Finnish is the source; sv and en must have the same keys). */
const fi = {
	'attendance.title': 'Tänään'
} as const;

const sv: Record<keyof typeof fi, string> = {
	'attendance.title': 'Idag'
};

const en: Record<keyof typeof fi, string> = {
	'attendance.title': 'Today'
};

export const attendance = { fi, sv, en };
