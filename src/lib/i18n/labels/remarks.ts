import type { MessageKey } from '../core';
import type { RemarkCategory, RemarkEventKind, RemarkStatus } from '$lib/domain/remarks';

/** A remark's category. */
export const REMARK_CATEGORY_KEY = {
	service_content: 'remarks.category.service_content',
	staffing: 'remarks.category.staffing',
	schedule: 'remarks.category.schedule',
	premises: 'remarks.category.premises',
	reporting: 'remarks.category.reporting',
	customer_treatment: 'remarks.category.customer_treatment',
	invoicing: 'remarks.category.invoicing',
	data_protection: 'remarks.category.data_protection',
	other: 'remarks.category.other'
} as const satisfies Record<RemarkCategory, MessageKey>;

/** A remark's status. */
export const REMARK_STATUS_KEY = {
	open: 'remarks.status.open',
	answered: 'remarks.status.answered',
	more_requested: 'remarks.status.more_requested',
	closed: 'remarks.status.closed'
} as const satisfies Record<RemarkStatus, MessageKey>;

/** A step in a remark's history. */
export const REMARK_EVENT_KEY = {
	filed: 'remarks.event.filed',
	answered: 'remarks.event.answered',
	more_requested: 'remarks.event.more_requested',
	closed: 'remarks.event.closed',
	price_reduction: 'remarks.event.price_reduction'
} as const satisfies Record<RemarkEventKind, MessageKey>;
