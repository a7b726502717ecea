import type { CatalogueOf } from '../../core';
import type { fi } from './fi';

/** reminders: the Swedish messages, with exactly the Finnish keys. */
export const sv: CatalogueOf<typeof fi> = {
	'notificationKind.notice_due_soon': 'Beslutet om en anmälan ska fattas senast i morgon',
	'notificationKind.notice_overdue': 'Beslutet om en anmälan är försenat',
	'notificationKind.arvi_due_soon': 'En ARVI-blankett ska lämnas senast i morgon',
	'notificationKind.arvi_overdue': 'En ARVI-blankett är försenad',
	'notificationKind.remark_due_soon': 'Svaret på en kvalitetsanmärkning ska lämnas senast i morgon',
	'notificationKind.remark_overdue': 'Svaret på en kvalitetsanmärkning är försenat',
	'notificationGroup.notice_due_soon': {
		one: 'Beslutet om en anmälan ska fattas senast i morgon',
		other: 'Beslut om {n} anmälningar ska fattas senast i morgon'
	},
	'notificationGroup.notice_overdue': { one: 'Beslutet om en anmälan är försenat', other: 'Beslut om {n} anmälningar är försenade' },
	'notificationGroup.arvi_due_soon': { one: 'En ARVI-blankett ska lämnas senast i morgon', other: '{n} ARVI-blanketter ska lämnas senast i morgon' },
	'notificationGroup.arvi_overdue': { one: 'En ARVI-blankett är försenad', other: '{n} ARVI-blanketter är försenade' },
	'notificationGroup.remark_due_soon': {
		one: 'Svaret på en kvalitetsanmärkning ska lämnas senast i morgon',
		other: 'Svar på {n} kvalitetsanmärkningar ska lämnas senast i morgon'
	},
	'notificationGroup.remark_overdue': { one: 'Svaret på en kvalitetsanmärkning är försenat', other: 'Svar på {n} kvalitetsanmärkningar är försenade' },
	'notify.notice_due_soon.subject': 'En anmälan väntar på ert beslut senast i morgon',
	'notify.notice_due_soon.body': 'Hej,\n\nen anmälan väntar på ert beslut, tidsfristen går ut i morgon:\n{link}',
	'notify.notice_overdue.subject': 'Beslutet om en anmälan är försenat',
	'notify.notice_overdue.body': 'Hej,\n\nen anmälan har inte avgjorts inom tidsfristen:\n{link}',
	'notify.arvi_due_soon.subject': 'En ARVI-blankett ska lämnas senast i morgon',
	'notify.arvi_due_soon.body': 'Hej,\n\ntidsfristen för en ARVI-blankett går ut i morgon:\n{link}',
	'notify.arvi_overdue.subject': 'En ARVI-blankett är försenad',
	'notify.arvi_overdue.body': 'Hej,\n\nen ARVI-blankett har inte skickats inom tidsfristen:\n{link}',
	'notify.remark_due_soon.subject': 'En kvalitetsanmärkning ska besvaras senast i morgon',
	'notify.remark_due_soon.body': 'Hej,\n\nsvarstiden för en kvalitetsanmärkning går ut i morgon:\n{link}',
	'notify.remark_overdue.subject': 'Svaret på en kvalitetsanmärkning är försenat',
	'notify.remark_overdue.body': 'Hej,\n\nen kvalitetsanmärkning har inte besvarats inom tidsfristen:\n{link}',
	'platform.queue.deadline_reminders': 'Påminnelser om anmälningar, ARVI-blanketter och kvalitetsanmärkningar'
};
