import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** 20 random bytes, base32: for e-mailed links and recovery codes. */
export function randomToken(bytes = 20): string {
	const b = new Uint8Array(bytes);
	crypto.getRandomValues(b);
	return encodeBase32LowerCaseNoPadding(b);
}

/** High-entropy tokens need no slow hash: SHA-256 is enough to make a stolen table useless. */
export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token.trim().toLowerCase())));
}
