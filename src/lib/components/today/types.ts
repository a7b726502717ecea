import type { AbsenceReason, MarkStatus } from '$lib/domain/attendance-codes';

/** A mark as Today shows it: the server's, or one tapped on this device (`pending` until sent). */
export interface Mark {
	status: MarkStatus;
	reason: AbsenceReason | null;
	reasonText: string | null;
	markedAt: string;
	pending?: boolean;
}

/** A coaching meeting as the device's queue sends it (a type, not an interface: the queue's payload is a record). */
export type MeetingPayload = {
	participationId: string;
	day: string;
	startTime: string;
	durationMinutes: number;
	mode: string;
};
