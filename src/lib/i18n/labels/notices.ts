import type { MessageKey } from '../core';
import type { NoticeDecision, NoticeKind, NoticeStatus } from '$lib/domain/attendance';

/** A kind of notice. */
export const NOTICE_KIND_KEY = {
	unexcused_absence: 'notices.kind.unexcused_absence',
	absence_threshold: 'notices.kind.absence_threshold',
	interruption: 'notices.kind.interruption',
	extension_request: 'notices.kind.extension_request'
} as const satisfies Record<NoticeKind, MessageKey>;

/** A notice's status. */
export const NOTICE_STATUS_KEY = {
	open: 'notices.status.open',
	acknowledged: 'notices.status.acknowledged',
	decided: 'notices.status.decided'
} as const satisfies Record<NoticeStatus, MessageKey>;

/** The area's decision on a notice. */
export const NOTICE_DECISION_KEY = {
	no_action: 'notices.decision.no_action',
	benefit_payer_informed: 'notices.decision.benefit_payer_informed',
	customer_contacted: 'notices.decision.customer_contacted',
	participation_continues: 'notices.decision.participation_continues',
	participation_ends: 'notices.decision.participation_ends',
	extension_approved: 'notices.decision.extension_approved',
	extension_declined: 'notices.decision.extension_declined',
	other: 'notices.decision.other'
} as const satisfies Record<NoticeDecision, MessageKey>;
