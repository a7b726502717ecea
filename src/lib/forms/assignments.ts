/** A coach's assignment to the provider's contracts or one cohort (the action and the page's own check). */
import * as v from 'valibot';
import { defineForm, field } from './form';
import { day } from './values';

const optionalUuid = v.pipe(
	v.string(),
	v.check((s) => s === '' || v.is(v.pipe(v.string(), v.uuid()), s), 'choose'),
	v.transform((s) => (s === '' ? null : s))
);

const assignmentSchema = v.pipe(
	v.object({
		userId: v.pipe(v.string(), v.uuid('choose')),
		contractId: v.pipe(v.string(), v.uuid('choose')),
		cohortId: optionalUuid,
		validFrom: day(),
		validUntil: day()
	}),
	v.forward(
		v.check((a) => a.validFrom <= a.validUntil, 'periodInvalid'),
		['validUntil']
	)
);
export type AssignmentInput = v.InferOutput<typeof assignmentSchema>;

const FIELDS = ['userId', 'contractId', 'cohortId', 'validFrom', 'validUntil'] as const;

export const assignmentForm = defineForm(
	assignmentSchema,
	(data) => Object.fromEntries(FIELDS.map((k) => [k, field(data, k).slice(0, 40)])) as Record<(typeof FIELDS)[number], string>
);
