import type { MessageKey } from '../core';
import type { ParticipationStatus } from '$lib/domain/attendance';
import type { ArviStatus, EndSituation, JOB_SEARCH_READINESS, NEXT_STEP_KINDS, QUALIFICATION_KINDS, REVIEW_MODES } from '$lib/domain/arvi';

type JobSearchReadiness = (typeof JOB_SEARCH_READINESS)[number];
type NextStepKind = (typeof NEXT_STEP_KINDS)[number];
type QualificationKind = (typeof QUALIFICATION_KINDS)[number];
type ReviewMode = (typeof REVIEW_MODES)[number];

/** An ARVI's status. */
export const ARVI_STATUS_KEY = {
	draft: 'arvi.status.draft',
	submitted: 'arvi.status.submitted',
	returned: 'arvi.status.returned',
	accepted: 'arvi.status.accepted'
} as const satisfies Record<ArviStatus, MessageKey>;

/** The customer's situation at the end of a service (also an outcome bonus's condition). */
export const END_SITUATION_KEY = {
	employed: 'arvi.situation.employed',
	training: 'arvi.situation.training',
	job_seeker: 'arvi.situation.job_seeker',
	other: 'arvi.situation.other'
} as const satisfies Record<EndSituation, MessageKey>;

/** How the final review was held. */
export const REVIEW_MODE_KEY = {
	in_person: 'arvi.reviewMode.in_person',
	phone: 'arvi.reviewMode.phone',
	video: 'arvi.reviewMode.video'
} as const satisfies Record<ReviewMode, MessageKey>;

/** Readiness for job search. */
export const READINESS_KEY = {
	ready: 'arvi.readiness.ready',
	mostly_ready: 'arvi.readiness.mostly_ready',
	needs_support: 'arvi.readiness.needs_support',
	not_ready: 'arvi.readiness.not_ready'
} as const satisfies Record<JobSearchReadiness, MessageKey>;

/** A kind of qualification gained. */
export const QUALIFICATION_KIND_KEY = {
	degree: 'arvi.qualificationKind.degree',
	degree_part: 'arvi.qualificationKind.degree_part',
	training: 'arvi.qualificationKind.training',
	licence: 'arvi.qualificationKind.licence',
	card: 'arvi.qualificationKind.card'
} as const satisfies Record<QualificationKind, MessageKey>;

/** A kind of next step. */
export const NEXT_STEP_KIND_KEY = {
	further_training: 'arvi.nextStepKind.further_training',
	job: 'arvi.nextStepKind.job',
	another_service: 'arvi.nextStepKind.another_service',
	other: 'arvi.nextStepKind.other'
} as const satisfies Record<NextStepKind, MessageKey>;

/** How the service ended, in the ARVI document (only an ended participation has one). */
export const ARVI_ENDED_KEY = {
	completed: 'arvi.doc.ended.completed',
	interrupted: 'arvi.doc.ended.interrupted'
} as const satisfies Record<Extract<ParticipationStatus, 'completed' | 'interrupted'>, MessageKey>;
