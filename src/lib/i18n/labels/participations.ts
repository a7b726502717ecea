import type { MessageKey } from '../core';
import type { InterruptionReason, ParticipationEventKind, ParticipationStatus } from '$lib/domain/attendance';
import type { IsoWeekday } from '$lib/domain/contracts';
import type { ParticipationError } from '$lib/server/participations/service';

/** The provider's participation forms (`participations/pages.ts`): what each one does. */
export type ParticipationAction = 'start' | 'complete' | 'interrupt' | 'requestExtension' | 'meeting';

/** Why a participation was interrupted. */
export const INTERRUPTION_REASON_KEY = {
	employed: 'interruption.reason.employed',
	studies: 'interruption.reason.studies',
	health: 'interruption.reason.health',
	moved: 'interruption.reason.moved',
	did_not_attend: 'interruption.reason.did_not_attend',
	other: 'interruption.reason.other'
} as const satisfies Record<InterruptionReason, MessageKey>;

/** A participation's status. */
export const PARTICIPATION_STATUS_KEY = {
	starting: 'participations.status.starting',
	active: 'participations.status.active',
	completed: 'participations.status.completed',
	interrupted: 'participations.status.interrupted'
} as const satisfies Record<ParticipationStatus, MessageKey>;

/** An event in a participation's history. */
export const PARTICIPATION_EVENT_KEY = {
	started: 'participations.event.started',
	interrupted: 'participations.event.interrupted',
	completed: 'participations.event.completed',
	extension_requested: 'participations.event.extension_requested',
	extension_approved: 'participations.event.extension_approved',
	extension_declined: 'participations.event.extension_declined',
	resumed: 'participations.event.resumed'
} as const satisfies Record<ParticipationEventKind, MessageKey>;

/** A weekday's full name (1 = Monday). */
export const WEEKDAY_NAME_KEY = {
	1: 'participations.weekday.1',
	2: 'participations.weekday.2',
	3: 'participations.weekday.3',
	4: 'participations.weekday.4',
	5: 'participations.weekday.5',
	6: 'participations.weekday.6',
	7: 'participations.weekday.7'
} as const satisfies Record<IsoWeekday, MessageKey>;

/** A weekday's short name for a calendar heading. */
export const WEEKDAY_SHORT_KEY = {
	1: 'participations.weekdayShort.1',
	2: 'participations.weekdayShort.2',
	3: 'participations.weekdayShort.3',
	4: 'participations.weekdayShort.4',
	5: 'participations.weekdayShort.5',
	6: 'participations.weekdayShort.6',
	7: 'participations.weekdayShort.7'
} as const satisfies Record<IsoWeekday, MessageKey>;

/** Why a change to a participation was refused. */
export const PARTICIPATION_ERROR_KEY = {
	notFound: 'participations.error.notFound',
	conflict: 'participations.error.conflict',
	wrongStatus: 'participations.error.wrongStatus',
	dateOutside: 'participations.error.dateOutside',
	future: 'participations.error.future',
	endBeforeStart: 'participations.error.endBeforeStart',
	extensionNotLater: 'participations.error.extensionNotLater',
	extensionPending: 'participations.error.extensionPending'
} as const satisfies Record<ParticipationError, MessageKey>;

/** What a provider's participation form did. */
export const PARTICIPATION_DONE_KEY = {
	start: 'participations.done.start',
	complete: 'participations.done.complete',
	interrupt: 'participations.done.interrupt',
	requestExtension: 'participations.done.requestExtension',
	meeting: 'participations.done.meeting'
} as const satisfies Record<ParticipationAction, MessageKey>;
