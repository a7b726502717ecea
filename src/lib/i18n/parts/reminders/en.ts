import type { CatalogueOf } from '../../core';
import type { fi } from './fi';

/** reminders: the English messages, with exactly the Finnish keys. */
export const en: CatalogueOf<typeof fi> = {
	'notificationKind.notice_due_soon': 'A notice must be decided by tomorrow',
	'notificationKind.notice_overdue': 'A notice’s decision is overdue',
	'notificationKind.arvi_due_soon': 'An ARVI form is due tomorrow',
	'notificationKind.arvi_overdue': 'An ARVI form is overdue',
	'notificationKind.remark_due_soon': 'A quality remark’s answer is due tomorrow',
	'notificationKind.remark_overdue': 'A quality remark’s answer is overdue',
	'notificationGroup.notice_due_soon': { one: 'A notice must be decided by tomorrow', other: '{n} notices must be decided by tomorrow' },
	'notificationGroup.notice_overdue': { one: 'A notice’s decision is overdue', other: '{n} notices’ decisions are overdue' },
	'notificationGroup.arvi_due_soon': { one: 'An ARVI form is due tomorrow', other: '{n} ARVI forms are due tomorrow' },
	'notificationGroup.arvi_overdue': { one: 'An ARVI form is overdue', other: '{n} ARVI forms are overdue' },
	'notificationGroup.remark_due_soon': { one: 'A quality remark’s answer is due tomorrow', other: '{n} quality remarks’ answers are due tomorrow' },
	'notificationGroup.remark_overdue': { one: 'A quality remark’s answer is overdue', other: '{n} quality remarks’ answers are overdue' },
	'notify.notice_due_soon.subject': 'A notice awaits your decision by tomorrow',
	'notify.notice_due_soon.body': 'Hello,\n\na notice awaits your decision; its deadline is tomorrow:\n{link}',
	'notify.notice_overdue.subject': 'A notice’s decision is overdue',
	'notify.notice_overdue.body': 'Hello,\n\na notice has not been decided by its deadline:\n{link}',
	'notify.arvi_due_soon.subject': 'An ARVI form is due tomorrow',
	'notify.arvi_due_soon.body': 'Hello,\n\nan ARVI form’s deadline is tomorrow:\n{link}',
	'notify.arvi_overdue.subject': 'An ARVI form is overdue',
	'notify.arvi_overdue.body': 'Hello,\n\nan ARVI form has not been sent by its deadline:\n{link}',
	'notify.remark_due_soon.subject': 'A quality remark must be answered by tomorrow',
	'notify.remark_due_soon.body': 'Hello,\n\na quality remark’s answer is due tomorrow:\n{link}',
	'notify.remark_overdue.subject': 'A quality remark’s answer is overdue',
	'notify.remark_overdue.body': 'Hello,\n\na quality remark has not been answered by its deadline:\n{link}',
	'platform.queue.deadline_reminders': 'Reminders of notices, ARVI forms and quality remarks'
};
