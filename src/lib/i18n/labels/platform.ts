import type { MessageKey } from '../core';

/** The job queues' names (src/lib/server/jobs/queue.ts). */
export const QUEUE_KEY = {
	mail: 'platform.queue.mail',
	push: 'platform.queue.push',
	referral_deadlines: 'platform.queue.referral_deadlines',
	deadline_reminders: 'platform.queue.deadline_reminders',
	feedback_midpoints: 'platform.queue.feedback_midpoints',
	retention: 'platform.queue.retention'
} as const satisfies Record<string, MessageKey>;

/** pg-boss's job states. */
export const JOB_STATE_KEY = {
	created: 'platform.jobState.created',
	retry: 'platform.jobState.retry',
	active: 'platform.jobState.active',
	completed: 'platform.jobState.completed',
	cancelled: 'platform.jobState.cancelled',
	failed: 'platform.jobState.failed'
} as const satisfies Record<string, MessageKey>;

export function queueKey(queue: string): MessageKey | null {
	return queue in QUEUE_KEY ? QUEUE_KEY[queue as keyof typeof QUEUE_KEY] : null;
}
