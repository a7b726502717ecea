import type { MessageKey } from '../core';
import type { ContractKind, ContractStatus, DayCount, DeadlineKind, IsoWeekday, PriceUnit, ServiceType } from '$lib/domain/contracts';
import type { InvoicingPeriodKind } from '$lib/domain/invoicing/periods';
import type { VatExemptionCode } from '$lib/domain/vat-exemptions';
import type { AuditAction } from '$lib/server/audit/actions';
import type { ContractSnapshot } from '$lib/server/contracts/service';

/** The contract's audit actions that its history lists (downloading a document changes nothing). */
/** A contract's own fields, as its history names them (its ids never change). */
type ContractField = Exclude<keyof ContractSnapshot, 'id' | 'areaId' | 'providerId'>;
type ContractHistoryAction = Exclude<Extract<AuditAction, `contract.${string}`>, 'contract.document_download'>;

/** A service type. */
export const SERVICE_TYPE_KEY = {
	job_search_coaching: 'serviceType.job_search_coaching',
	career_coaching: 'serviceType.career_coaching',
	work_coaching: 'serviceType.work_coaching',
	company_coaching: 'serviceType.company_coaching',
	vocational_training: 'serviceType.vocational_training',
	entrepreneurship_training: 'serviceType.entrepreneurship_training',
	integration_training: 'serviceType.integration_training',
	rekrykoulutus: 'serviceType.rekrykoulutus',
	tasmakoulutus: 'serviceType.tasmakoulutus',
	muutoskoulutus: 'serviceType.muutoskoulutus',
	change_security_training: 'serviceType.change_security_training',
	work_ability_assessment: 'serviceType.work_ability_assessment',
	skills_assessment: 'serviceType.skills_assessment',
	business_idea_assessment: 'serviceType.business_idea_assessment'
} as const satisfies Record<ServiceType, MessageKey>;

/** A contract's status. */
export const CONTRACT_STATUS_KEY = {
	draft: 'contractStatus.draft',
	active: 'contractStatus.active',
	ended: 'contractStatus.ended',
	terminated: 'contractStatus.terminated'
} as const satisfies Record<ContractStatus, MessageKey>;

/** Framework or single contract. */
export const CONTRACT_KIND_KEY = {
	framework: 'contractKind.framework',
	single: 'contractKind.single'
} as const satisfies Record<ContractKind, MessageKey>;

/** What a price line is paid per. */
export const PRICE_UNIT_KEY = {
	participant_start: 'priceUnit.participant_start',
	participant_day: 'priceUnit.participant_day',
	hour: 'priceUnit.hour',
	meeting: 'priceUnit.meeting',
	lump_sum: 'priceUnit.lump_sum',
	outcome_bonus: 'priceUnit.outcome_bonus'
} as const satisfies Record<PriceUnit, MessageKey>;

/** Why a price line carries no VAT. */
export const VAT_EXEMPTION_KEY = {
	'VATEX-EU-132-1I': 'vatExemption.VATEX-EU-132-1I',
	'VATEX-EU-132-1C': 'vatExemption.VATEX-EU-132-1C',
	'VATEX-EU-132-1G': 'vatExemption.VATEX-EU-132-1G',
	'VATEX-EU-132': 'vatExemption.VATEX-EU-132'
} as const satisfies Record<VatExemptionCode, MessageKey>;

/** A contract's deadline. */
export const DEADLINE_KEY = {
	referralAnswer: 'deadline.referralAnswer',
	firstMeeting: 'deadline.firstMeeting',
	absenceReport: 'deadline.absenceReport',
	arvi: 'deadline.arvi'
} as const satisfies Record<DeadlineKind, MessageKey>;

/** Whether a deadline counts working or calendar days. */
export const DAY_COUNT_KEY = {
	working: 'dayCount.working',
	calendar: 'dayCount.calendar'
} as const satisfies Record<DayCount, MessageKey>;

/** A weekday's short name in a cohort's schedule (1 = Monday). */
export const WEEKDAY_KEY = {
	1: 'weekday.1',
	2: 'weekday.2',
	3: 'weekday.3',
	4: 'weekday.4',
	5: 'weekday.5',
	6: 'weekday.6',
	7: 'weekday.7'
} as const satisfies Record<IsoWeekday, MessageKey>;

/** How often a contract is invoiced. */
export const INVOICING_PERIOD_KEY = {
	month: 'invoicingPeriod.month',
	quarter: 'invoicingPeriod.quarter'
} as const satisfies Record<InvoicingPeriodKind, MessageKey>;

/** A change in a contract's history. */
export const CONTRACT_ACTION_KEY = {
	'contract.create': 'contractAction.contract.create',
	'contract.update': 'contractAction.contract.update',
	'contract.price_line_add': 'contractAction.contract.price_line_add',
	'contract.priceLine_remove': 'contractAction.contract.priceLine_remove',
	'contract.cohort_add': 'contractAction.contract.cohort_add',
	'contract.cohort_remove': 'contractAction.contract.cohort_remove',
	'contract.option_add': 'contractAction.contract.option_add',
	'contract.option_use': 'contractAction.contract.option_use',
	'contract.option_remove': 'contractAction.contract.option_remove',
	'contract.contact_add': 'contractAction.contract.contact_add',
	'contract.contact_remove': 'contractAction.contract.contact_remove',
	'contract.document_add': 'contractAction.contract.document_add',
	'contract.document_remove': 'contractAction.contract.document_remove'
} as const satisfies Record<ContractHistoryAction, MessageKey>;

/** A contract field named in its history. */
export const CONTRACT_FIELD_KEY = {
	contractNumber: 'contractField.contractNumber',
	diaryNumber: 'contractField.diaryNumber',
	title: 'contractField.title',
	serviceType: 'contractField.serviceType',
	kind: 'contractField.kind',
	status: 'contractField.status',
	startDate: 'contractField.startDate',
	endDate: 'contractField.endDate',
	languages: 'contractField.languages',
	places: 'contractField.places',
	capacityTotal: 'contractField.capacityTotal',
	capacityPerCohort: 'contractField.capacityPerCohort',
	budgetCents: 'contractField.budgetCents',
	paymentTermDays: 'contractField.paymentTermDays',
	buyerReference: 'contractField.buyerReference',
	orderReference: 'contractField.orderReference',
	deadlines: 'contractField.deadlines',
	invoicingPeriod: 'contractField.invoicingPeriod',
	priceLines: 'contractField.priceLines',
	options: 'contractField.options',
	cohorts: 'contractField.cohorts',
	contacts: 'contractField.contacts',
	documents: 'contractField.documents',
	requiresPersonalId: 'contractField.requiresPersonalId',
	unexcusedThreshold: 'contractField.unexcusedThreshold',
	midpointFeedbackWeeks: 'contractField.midpointFeedbackWeeks',
	billableAbsences: 'contractField.billableAbsences'
} as const satisfies Record<ContractField, MessageKey>;
