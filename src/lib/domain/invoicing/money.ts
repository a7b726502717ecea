/**
 * Money arithmetic for invoices: integer cents, integer basis points, integer hundredths of a unit.
 * No floats ever hold money: every division goes through `divideRounded`, the one rounding rule.
 *
 * The rounding rule: half away from zero to the cent ("half-up" for positive amounts; a negative amount
 * rounds like its positive mirror, so a credit note cancels its invoice to the cent).
 * 0.5 → 1, 1.5 → 2, 2.4999 → 2, −0.5 → −1.
 */

/** `numerator / denominator` rounded half away from zero. Both integers; the denominator positive. */
export function divideRounded(numerator: number, denominator: number): number {
	if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
		throw new RangeError(`Not an exact integer division: ${numerator} / ${denominator}`);
	}
	// floor((2|n| + d) / 2d) with integer remainders only, so it stays exact for any safe integer.
	const twice = 2 * Math.abs(numerator) + denominator;
	if (!Number.isSafeInteger(twice)) throw new RangeError(`Amount too large: ${numerator}`);
	const q = (twice - (twice % (2 * denominator))) / (2 * denominator);
	return numerator < 0 && q !== 0 ? -q : q;
}

/**
 * `a × b / d` rounded half away from zero, exact: the product is formed in BigInt, because a price near
 * the ceiling times a large quantity is beyond 2^53 and a float product would not be an integer
 * ("Not an exact integer division"). Throws only when the result itself is not a safe integer.
 */
function multiplyDivideRounded(a: number, b: number, d: number): number {
	if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new RangeError(`Not an integer amount: ${a} × ${b}`);
	const n = BigInt(a) * BigInt(b);
	const size = n < 0n ? -n : n;
	const q = (2n * size + BigInt(d)) / (2n * BigInt(d));
	const result = Number(n < 0n ? -q : q);
	if (!Number.isSafeInteger(result)) throw new RangeError(`Amount too large: ${a} × ${b}`);
	return result === 0 ? 0 : result;
}

/** A line's net amount: quantity (hundredths of the unit) × unit price, rounded once. */
export function lineNetCents(quantityHundredths: number, unitPriceCents: number): number {
	return multiplyDivideRounded(quantityHundredths, unitPriceCents, 100);
}

/**
 * VAT of one rate's taxable amount: taxable × rate, rounded once to the cent (EN 16931 BT-117 =
 * BT-116 × BT-119 / 100 rounded to two decimals: BR-CO-17, BR-S-09).
 */
export function vatCents(taxableCents: number, vatRateBp: number): number {
	return multiplyDivideRounded(taxableCents, vatRateBp, 10_000);
}

/** Minutes → hundredths of an hour, rounded once (45 min = 75, 20 min = 33, 50 min = 83). */
export function minutesToHourHundredths(minutes: number): number {
	return divideRounded(minutes * 100, 60);
}

/** Integer hundredths (cents, or hundredths of a unit) → decimal text with exactly two decimals. */
export function hundredthsToDecimal(value: number, separator: '.' | ',' = '.'): string {
	if (!Number.isSafeInteger(value)) throw new RangeError(`Not an integer amount: ${value}`);
	const sign = value < 0 ? '-' : '';
	const abs = Math.abs(value);
	return `${sign}${Math.floor(abs / 100)}${separator}${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points → a percentage without trailing zeros: 2550 → "25.5", 1400 → "14", 0 → "0". */
export function basisPointsToPercent(bp: number, separator: '.' | ',' = '.'): string {
	const whole = Math.floor(bp / 100);
	const frac = String(bp % 100)
		.padStart(2, '0')
		.replace(/0+$/, '');
	return frac ? `${whole}${separator}${frac}` : String(whole);
}
