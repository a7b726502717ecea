import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { encodeBase32UpperCaseNoPadding, decodeBase32IgnorePadding } from '@oslojs/encoding';
import QRCode from 'qrcode';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

export function generateTotpKey(): Uint8Array {
	const key = new Uint8Array(20);
	crypto.getRandomValues(key);
	return key;
}

export function totpKeyToBase32(key: Uint8Array): string {
	return encodeBase32UpperCaseNoPadding(key);
}

export function totpKeyFromBase32(secret: string): Uint8Array {
	return decodeBase32IgnorePadding(secret.replace(/\s+/g, '').toUpperCase());
}

export function totpUri(key: Uint8Array, accountName: string): string {
	return createTOTPKeyURI('Palveluntuottajaportaali', accountName, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
}

/** An SVG QR code of the enrolment URI (SVG: no inline script or external image for the CSP). */
export function totpQrSvg(uri: string): Promise<string> {
	return QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/**
 * The time step (unix seconds / 30) whose code this is: the current one or a neighbour (30 s grace for
 * clock drift), or null. The caller must still refuse a step at or before the last one accepted.
 * Wall time on purpose, not the app's clock: the code comes from the person's phone, and FAKE_NOW
 * (demos, e2e) must not make every code of a pinned instant the same one.
 */
export function verifyTotp(key: Uint8Array, code: string, nowMs = Date.now()): number | null {
	if (!/^\d{6}$/.test(code)) return null;
	const current = Math.floor(nowMs / (TOTP_PERIOD_SECONDS * 1000));
	for (const step of [current - 1, current, current + 1]) {
		if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) return step;
	}
	return null;
}
