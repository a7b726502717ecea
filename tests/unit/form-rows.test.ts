/**
 * The shared form layer's repeated rows: a problem of a row's field is reported under the name the field has in the
 * form (`name:2`, `value:<line id>`), a problem of the whole form under `form`; and the two forms built on it, the
 * credit of chosen invoice lines and the group referral, as the browser and the action both check them.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { registerCatalogue } from '../../src/lib/i18n/core';
import { fi } from '../../src/lib/i18n/fi';
import { checkForm, FORM, readRows, rowField, validate } from '../../src/lib/forms/form';
import { creditForm, type CreditFormLine } from '../../src/lib/forms/invoices';
import { groupReferralForm, groupRows } from '../../src/lib/forms/referrals';

// A message key is one the catalogue has (else "invalid input"): the Finnish one is enough to tell them apart.
beforeAll(() => registerCatalogue('fi', fi));

const formData = (form: Record<string, string>) => {
	const data = new FormData();
	for (const [k, x] of Object.entries(form)) data.append(k, x);
	return data;
};

describe('repeated rows in a form', () => {
	const schema = v.pipe(
		v.object({
			title: v.pipe(v.string(), v.nonEmpty('required')),
			rows: v.record(v.string(), v.object({ name: v.pipe(v.string(), v.nonEmpty('nameRequired')), tags: v.array(v.string()) }))
		}),
		v.check((x) => Object.keys(x.rows).length > 0, 'groupEmpty')
	);

	it('names a row’s problem by the row’s field in the form, the whole form’s by `form`', () => {
		const input = { title: '', rows: { 0: { name: 'Aino', tags: [] }, 2: { name: '', tags: [] } } };
		expect(validate(schema, input, ['rows'])).toEqual({ ok: false, errors: { title: 'errors.required', 'name:2': 'errors.nameRequired' } });
		// Without the rows declared, the problem stays on the top-level key, as every other form has it.
		expect(validate(schema, input)).toEqual({ ok: false, errors: { title: 'errors.required', rows: 'errors.nameRequired' } });
		expect(validate(schema, { title: 'x', rows: {} }, ['rows'])).toEqual({ ok: false, errors: { [FORM]: 'errors.groupEmpty' } });
		// A problem deeper in a row (an array inside it) is still the row's field.
		expect(validate(schema, { title: 'x', rows: { 1: { name: 'B', tags: [3] } } }, ['rows'])).toMatchObject({
			ok: false,
			errors: { 'tags:1': expect.any(String) }
		});
	});

	it('reads the rows’ fields by their names, trimmed and cut', () => {
		const data = formData({ 'name:0': ' Aino ', 'name:1': 'x'.repeat(400), 'phone:1': '040', 'name:7': 'not asked' });
		expect(rowField('name', 3)).toBe('name:3');
		expect(readRows(data, ['name', 'phone'], [0, 1])).toEqual({ 0: { name: 'Aino', phone: '' }, 1: { name: 'x'.repeat(300), phone: '040' } });
	});
});

describe('the credit form', () => {
	const days: CreditFormLine = { id: 'a', quantityHundredths: 300, unitPriceCents: 9130, remainingCents: 18_260, creditable: true };
	const fee: CreditFormLine = { id: 'b', quantityHundredths: 100, unitPriceCents: 50_000, remainingCents: 0, creditable: false };
	const check = (form: Record<string, string>) => checkForm(creditForm([days, fee]), formData({ reason: 'Virhe', ...form }));

	it('tells per line what is wrong, at the line’s number', () => {
		const r = (by: string, value: string) => check({ 'line:a': '1', 'by:a': by, 'value:a': value });
		expect(r('quantity', '')).toMatchObject({ ok: false, errors: { 'value:a': 'credit.lineError.required' } });
		expect(r('quantity', 'kaksi')).toMatchObject({ ok: false, errors: { 'value:a': 'credit.lineError.invalid' } });
		expect(r('quantity', '-1')).toMatchObject({ ok: false, errors: { 'value:a': 'credit.lineError.invalid' } });
		// More than was invoiced, and (by amount) more than remains after earlier credits.
		expect(r('quantity', '3,5')).toMatchObject({ ok: false, errors: { 'value:a': 'credit.lineError.overCredit' } });
		expect(r('quantity', '3')).toMatchObject({ ok: false, errors: { 'value:a': 'credit.lineError.overCredit' } });
		expect(r('amount', '182,61')).toMatchObject({ ok: false, errors: { 'value:a': 'credit.lineError.overCredit' } });
		// A line with nothing left, chosen by a forged form.
		expect(check({ 'line:b': '1', 'value:b': '1' })).toMatchObject({ ok: false, errors: { 'value:b': 'credit.lineError.notCreditable' } });
	});

	it('says "nothing to credit" of the whole form, and "write a reason" at the reason', () => {
		expect(check({ 'value:a': '1' })).toMatchObject({ ok: false, errors: { [FORM]: 'invoices.error.nothingToCredit' } });
		expect(checkForm(creditForm([days]), formData({ reason: ' ', 'line:a': '1', 'value:a': '1' }))).toMatchObject({
			ok: false,
			errors: { reason: 'credit.reasonRequired' }
		});
	});

	it('gives the credit note’s requests for the chosen lines; other lines of the form are not read', () => {
		const ok = check({ 'line:a': '1', 'by:a': 'quantity', 'value:a': '1,5', 'line:zz': '1', 'value:zz': 'x' });
		expect(ok).toMatchObject({ ok: true, value: { reason: 'Virhe', lines: [{ lineId: 'a', quantityHundredths: 150 }] } });
		expect(check({ 'line:a': '1', 'by:a': 'amount', 'value:a': '182,60' })).toMatchObject({
			ok: true,
			value: { lines: [{ lineId: 'a', amountCents: 18_260 }] }
		});
	});
});

describe('the group referral form', () => {
	const shared = {
		contractId: '6f1c1f9e-4a8b-4f55-9d3c-2b7e8e0f4a11',
		cohortId: '',
		needs: '',
		plannedStart: '',
		consentFormVersion: 'SUO-2025-1',
		consentScope: 'Tietojen luovutus',
		consentGivenOn: '2026-11-20'
	};
	const row = (i: number, r: Partial<Record<'customerNumber' | 'name' | 'phone' | 'email' | 'language', string>>) =>
		Object.fromEntries(Object.entries({ customerNumber: '', name: '', phone: '', email: '', language: 'fi', ...r }).map(([k, x]) => [rowField(k, i), x]));

	it('checks the filled rows, each message at its row’s field; empty rows are left out', () => {
		const data = formData({
			...shared,
			consentScope: '',
			...row(0, { customerNumber: 'A-1', name: 'Aino' }),
			...row(1, {}),
			...row(2, { customerNumber: 'A-3', name: '', phone: 'soita' }),
			...row(3, { customerNumber: 'A-1', name: 'Aino taas' })
		});
		const r = checkForm(groupReferralForm, data);
		expect(r).toMatchObject({
			ok: false,
			errors: { consentScope: 'errors.consentRequired', 'name:2': 'errors.nameRequired', 'phone:2': 'errors.phoneInvalid' }
		});
		expect(Object.keys(r.values.rows)).toEqual(['0', '2', '3']);
		expect(groupRows(data)).toHaveLength(4);
	});

	it('marks a customer number given twice at its later row, and asks for someone when every row is empty', () => {
		const twice = checkForm(
			groupReferralForm,
			formData({ ...shared, ...row(0, { customerNumber: 'A-1', name: 'Aino' }), ...row(1, { customerNumber: 'A-1', name: 'B' }) })
		);
		expect(twice).toEqual(expect.objectContaining({ ok: false, errors: { 'customerNumber:1': 'errors.duplicateCustomerNumber' } }));
		expect(checkForm(groupReferralForm, formData({ ...shared, ...row(0, {}) }))).toMatchObject({ ok: false, errors: { [FORM]: 'errors.groupEmpty' } });
	});

	it('gives one referral per filled row, with the row it came from', () => {
		const r = checkForm(
			groupReferralForm,
			formData({ ...shared, ...row(0, {}), ...row(1, { customerNumber: 'A-2', name: 'Aino', email: 'aino@example.fi', language: 'sv' }) })
		);
		expect(r).toMatchObject({
			ok: true,
			value: [
				{
					row: 1,
					input: {
						...shared,
						cohortId: null,
						needs: null,
						plannedStart: null,
						customerNumber: 'A-2',
						name: 'Aino',
						email: 'aino@example.fi',
						phone: null,
						language: 'sv',
						personalId: null
					}
				}
			]
		});
	});
});
