import type { MessageKey } from '../core';
import type { AbsenceReason, MeetingMode } from '$lib/domain/attendance-codes';
import type { MarkError } from '$lib/server/attendance/marks';

// Only type imports: the Today page's bundle stays small (see attendance-codes.ts).

/** An absence reason's label. */
export const ABSENCE_REASON_KEY = {
	sick: 'absence.reason.sick',
	sick_child: 'absence.reason.sick_child',
	job_interview_or_work: 'absence.reason.job_interview_or_work',
	agreed_leave: 'absence.reason.agreed_leave',
	unexcused: 'absence.reason.unexcused',
	other: 'absence.reason.other'
} as const satisfies Record<AbsenceReason, MessageKey>;

/** How a meeting was held. */
export const MEETING_MODE_KEY = {
	in_person: 'meeting.mode.in_person',
	remote: 'meeting.mode.remote',
	phone: 'meeting.mode.phone'
} as const satisfies Record<MeetingMode, MessageKey>;

/** Why a mark or meeting was not saved. */
export const MARK_ERROR_KEY = {
	notFound: 'attendance.error.notFound',
	forbidden: 'attendance.error.forbidden',
	future: 'attendance.error.future',
	outsideParticipation: 'attendance.error.outsideParticipation',
	tooLate: 'attendance.error.tooLate',
	meetingNotFound: 'attendance.error.meetingNotFound',
	ended: 'attendance.error.ended',
	invalid: 'attendance.error.invalid',
	nothingToMark: 'attendance.error.nothingToMark'
} as const satisfies Record<MarkError | 'invalid' | 'nothingToMark', MessageKey>;
