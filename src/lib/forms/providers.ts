/**
 * A provider's forms: the shared master data (the provider's own page), the area's supplier record, the area's
 * registration of a provider, and the area's own e-invoice ids (the same rules as a provider's). Isomorphic:
 * the actions and the pages' own checks use them.
 */
import * as v from 'valibot';
import { isValidBusinessId, isValidFinnishIban, normaliseIban } from '$lib/domain/identifiers';
import { isValidOvt, isValidPeppolId } from '$lib/domain/contracts';
import { defineForm, field } from './form';
import { optionalEmail, optionalPhone, optionalText } from './values';

/** A field the form may leave out altogether (older forms, API-style callers): missing is empty. */
const optionalField = (max: number) => v.optional(optionalText(max), '');

/**
 * The provider's shared master data, the same for every area that buys from it and printed on its invoices.
 * Messages are catalogue keys under `errors.`. The Y-tunnus is set once, when the company is registered.
 */
export const masterDataSchema = v.object({
	name: v.pipe(v.string(), v.trim(), v.nonEmpty('nameRequired'), v.maxLength(200, 'nameTooLong')),
	/** Empty: the VAT id formed from the Y-tunnus (FI + its digits). */
	vatNumber: v.optional(
		v.pipe(
			v.string(),
			v.transform((s) => s.replace(/\s/g, '').toUpperCase()),
			v.check((s) => s === '' || /^FI\d{8}$/.test(s), 'vatNumberInvalid'),
			v.transform((s) => (s === '' ? null : s))
		),
		''
	),
	iban: v.pipe(v.string(), v.check(isValidFinnishIban, 'ibanInvalid'), v.transform(normaliseIban)),
	bic: v.pipe(
		v.string(),
		v.trim(),
		v.transform((s) => s.toUpperCase()),
		v.check((s) => s === '' || /^[A-Z]{4}FI[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(s), 'bicInvalid'),
		v.transform((s) => (s === '' ? null : s))
	),
	streetAddress: optionalText(200),
	postalCode: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || /^\d{5}$/.test(s), 'postalCodeInvalid'),
		v.transform((s) => (s === '' ? null : s))
	),
	city: optionalText(100),
	ovt: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || isValidOvt(s), 'ovtInvalid'),
		v.transform((s) => (s === '' ? null : s))
	),
	peppolId: v.pipe(
		v.string(),
		v.trim(),
		v.check((s) => s === '' || isValidPeppolId(s), 'peppolInvalid'),
		v.transform((s) => (s === '' ? null : s))
	),
	einvoiceOperator: optionalText(100)
});
export type MasterDataInput = v.InferOutput<typeof masterDataSchema>;

/** The area's own supplier record of a provider: nobody else sees or changes it. */
export const supplierRecordSchema = v.object({
	supplierNumber: optionalField(50),
	contactName: optionalText(200),
	contactEmail: optionalEmail,
	contactPhone: optionalPhone,
	notes: optionalField(2000)
});
export type SupplierRecordInput = v.InferOutput<typeof supplierRecordSchema>;

/** The area's registration form: the Y-tunnus, the master data (used only for a company new to the portal) and the area's record. */
export const providerSchema = v.object({
	businessId: v.pipe(v.string(), v.trim(), v.check(isValidBusinessId, 'businessIdInvalid')),
	...masterDataSchema.entries,
	...supplierRecordSchema.entries
});
export type ProviderInput = v.InferOutput<typeof providerSchema>;

/** The area's own e-invoice ids: the same rules as a provider's e-invoice fields. */
export const areaEinvoiceSchema = v.pick(masterDataSchema, ['ovt', 'peppolId', 'einvoiceOperator']);
export type AreaEinvoiceInput = v.InferOutput<typeof areaEinvoiceSchema>;

const MASTER_FIELDS = ['name', 'vatNumber', 'iban', 'bic', 'streetAddress', 'postalCode', 'city', 'ovt', 'peppolId', 'einvoiceOperator'];
const RECORD_FIELDS = ['supplierNumber', 'contactName', 'contactEmail', 'contactPhone', 'notes'];
const REGISTER_FIELDS = ['businessId', ...MASTER_FIELDS.filter((k) => k !== 'vatNumber'), ...RECORD_FIELDS];
const EINVOICE_FIELDS = ['ovt', 'peppolId', 'einvoiceOperator'];

/** The named text fields of a form, each cut short (a forged field cannot be huge). */
const read = (fields: string[]) => (data: FormData) =>
	Object.fromEntries(fields.map((k) => [k, field(data, k).slice(0, k === 'notes' ? 4000 : 300)])) as Record<string, string>;

export const masterDataForm = defineForm(masterDataSchema, read(MASTER_FIELDS));
export const supplierRecordForm = defineForm(supplierRecordSchema, read(RECORD_FIELDS));
export const providerForm = defineForm(providerSchema, read(REGISTER_FIELDS));
export const areaEinvoiceForm = defineForm(areaEinvoiceSchema, read(EINVOICE_FIELDS));
