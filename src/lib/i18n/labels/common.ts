import type { Locale, MessageKey } from '../core';
import type { Role } from '$lib/domain/roles';
import type { DeclineReason, ReferralStatus } from '$lib/domain/referrals';
import type { NotificationKind } from '$lib/server/notifications/service';

/** A language's name. */
export const LANGUAGE_KEY = {
	fi: 'language.fi',
	sv: 'language.sv',
	en: 'language.en'
} as const satisfies Record<Locale, MessageKey>;

/** A role's name. */
export const ROLE_KEY = {
	area_admin: 'role.area_admin',
	case_officer: 'role.case_officer',
	invoice_reviewer: 'role.invoice_reviewer',
	invoice_approver: 'role.invoice_approver',
	auditor: 'role.auditor',
	provider_admin: 'role.provider_admin',
	coach: 'role.coach',
	finance: 'role.finance',
	platform_admin: 'role.platform_admin'
} as const satisfies Record<Role, MessageKey>;

/** A referral's status. */
export const REFERRAL_STATUS_KEY = {
	waiting: 'referralStatus.waiting',
	accepted: 'referralStatus.accepted',
	declined: 'referralStatus.declined',
	withdrawn: 'referralStatus.withdrawn'
} as const satisfies Record<ReferralStatus, MessageKey>;

/** Why a provider declined a referral. */
export const DECLINE_REASON_KEY = {
	no_capacity: 'declineReason.no_capacity',
	not_suitable: 'declineReason.not_suitable',
	no_response: 'declineReason.no_response',
	other: 'declineReason.other'
} as const satisfies Record<DeclineReason, MessageKey>;

/** What a notification is about. */
export const NOTIFICATION_KIND_KEY = {
	arvi_submitted: 'notificationKind.arvi_submitted',
	arvi_returned: 'notificationKind.arvi_returned',
	arvi_accepted: 'notificationKind.arvi_accepted',
	invoice_submitted: 'notificationKind.invoice_submitted',
	invoice_returned: 'notificationKind.invoice_returned',
	invoice_checked: 'notificationKind.invoice_checked',
	invoice_approved: 'notificationKind.invoice_approved',
	notice_new: 'notificationKind.notice_new',
	notice_decided: 'notificationKind.notice_decided',
	provider_bank_changed: 'notificationKind.provider_bank_changed',
	provider_linked: 'notificationKind.provider_linked',
	referral_new: 'notificationKind.referral_new',
	referral_accepted: 'notificationKind.referral_accepted',
	referral_declined: 'notificationKind.referral_declined',
	referral_due_soon: 'notificationKind.referral_due_soon',
	referral_overdue: 'notificationKind.referral_overdue',
	remark_new: 'notificationKind.remark_new',
	remark_answered: 'notificationKind.remark_answered',
	remark_more_requested: 'notificationKind.remark_more_requested',
	remark_closed: 'notificationKind.remark_closed',
	notice_due_soon: 'notificationKind.notice_due_soon',
	notice_overdue: 'notificationKind.notice_overdue',
	arvi_due_soon: 'notificationKind.arvi_due_soon',
	arvi_overdue: 'notificationKind.arvi_overdue',
	remark_due_soon: 'notificationKind.remark_due_soon',
	remark_overdue: 'notificationKind.remark_overdue'
} as const satisfies Record<NotificationKind, MessageKey>;
