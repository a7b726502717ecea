import type { MessageKey } from '../core';
import type { HomeItemKey } from '$lib/server/home/service';
import type { NotificationKind } from '$lib/server/notifications/service';

/** A home item's message (plural: it takes the item's count). */
export const HOME_ITEM_KEY = {
	'coach.today': 'home.item.coach.today',
	'coach.pastUnmarked': 'home.item.coach.pastUnmarked',
	'coach.arviDrafts': 'home.item.coach.arviDrafts',
	'coach.arviReturned': 'home.item.coach.arviReturned',
	'coach.referrals': 'home.item.coach.referrals',
	'provider.referrals': 'home.item.provider.referrals',
	'provider.assignmentsEnding': 'home.item.provider.assignmentsEnding',
	'provider.arviOverdue': 'home.item.provider.arviOverdue',
	'provider.noticesDecided': 'home.item.provider.noticesDecided',
	'provider.remarksOverdue': 'home.item.provider.remarksOverdue',
	'finance.periods': 'home.item.finance.periods',
	'finance.returned': 'home.item.finance.returned',
	'finance.submitted': 'home.item.finance.submitted',
	'finance.checked': 'home.item.finance.checked',
	'finance.paid': 'home.item.finance.paid',
	'officer.notices': 'home.item.officer.notices',
	'officer.arvi': 'home.item.officer.arvi',
	'officer.referralsLate': 'home.item.officer.referralsLate',
	'officer.starting': 'home.item.officer.starting',
	'area.remarksOverdue': 'home.item.area.remarksOverdue',
	'invoices.toCheck': 'home.item.invoices.toCheck',
	'invoices.toApprove': 'home.item.invoices.toApprove',
	'invoices.bankChanges': 'home.item.invoices.bankChanges',
	'admin.contractsEnding': 'home.item.admin.contractsEnding',
	'admin.contractsBudget': 'home.item.admin.contractsBudget',
	'admin.lateProviders': 'home.item.admin.lateProviders',
	'auditor.today': 'home.item.auditor.today',
	'auditor.follows': 'home.item.auditor.follows'
} as const satisfies Record<HomeItemKey, MessageKey>;

/** A group of similar notifications (plural: it takes how many there are). */
export const NOTIFICATION_GROUP_KEY = {
	referral_new: 'notificationGroup.referral_new',
	referral_accepted: 'notificationGroup.referral_accepted',
	referral_declined: 'notificationGroup.referral_declined',
	referral_due_soon: 'notificationGroup.referral_due_soon',
	referral_overdue: 'notificationGroup.referral_overdue',
	notice_new: 'notificationGroup.notice_new',
	notice_decided: 'notificationGroup.notice_decided',
	arvi_submitted: 'notificationGroup.arvi_submitted',
	arvi_returned: 'notificationGroup.arvi_returned',
	arvi_accepted: 'notificationGroup.arvi_accepted',
	invoice_submitted: 'notificationGroup.invoice_submitted',
	invoice_returned: 'notificationGroup.invoice_returned',
	invoice_checked: 'notificationGroup.invoice_checked',
	invoice_approved: 'notificationGroup.invoice_approved',
	provider_bank_changed: 'notificationGroup.provider_bank_changed',
	provider_linked: 'notificationGroup.provider_linked',
	remark_new: 'notificationGroup.remark_new',
	remark_answered: 'notificationGroup.remark_answered',
	remark_more_requested: 'notificationGroup.remark_more_requested',
	remark_closed: 'notificationGroup.remark_closed',
	notice_due_soon: 'notificationGroup.notice_due_soon',
	notice_overdue: 'notificationGroup.notice_overdue',
	arvi_due_soon: 'notificationGroup.arvi_due_soon',
	arvi_overdue: 'notificationGroup.arvi_overdue',
	remark_due_soon: 'notificationGroup.remark_due_soon',
	remark_overdue: 'notificationGroup.remark_overdue'
} as const satisfies Record<NotificationKind, MessageKey>;
