import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
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

/** Accepts the current code and the neighbouring ones (30 s grace) for clock drift. */
export function verifyTotp(key: Uint8Array, code: string): boolean {
	if (!/^\d{6}$/.test(code)) return false;
	return verifyTOTPWithGracePeriod(key, TOTP_PERIOD_SECONDS, TOTP_DIGITS, code, TOTP_PERIOD_SECONDS);
}
