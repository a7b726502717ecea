import * as v from 'valibot';
import { RETENTION_FIELDS, RETENTION_LIMITS, type RetentionField, type RetentionRules } from '$lib/domain/retention';
import { defineForm, field } from './form';

/** Whole months within the rule's limits (the audit log at least a year). */
const months = (k: RetentionField) =>
	v.pipe(
		v.string(),
		v.trim(),
		v.nonEmpty('required'),
		v.check(
			(s) => /^\d{1,3}$/.test(s) && Number(s) >= RETENTION_LIMITS[k].min && Number(s) <= RETENTION_LIMITS[k].max,
			k === 'auditMonths' ? 'auditMonthsInvalid' : 'monthsInvalid'
		),
		v.transform(Number)
	);

/** An area's retention rules (`/area/:id/retention`). */
export const retentionSchema = v.object(Object.fromEntries(RETENTION_FIELDS.map((k) => [k, months(k)])) as Record<RetentionField, ReturnType<typeof months>>);

export const retentionForm = defineForm(
	retentionSchema,
	(data) => Object.fromEntries(RETENTION_FIELDS.map((k) => [k, field(data, k).slice(0, 10)])) as Record<RetentionField, string>
);

export type RetentionInput = RetentionRules;
