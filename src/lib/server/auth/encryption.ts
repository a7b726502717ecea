import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { config, DEVELOPMENT_KEY_HEX } from '../config';
import { logger } from '../logger';

let key: Buffer | undefined;

function getKey(): Buffer {
	if (key) return key;
	const { runtime } = config;
	// The server refuses to start in these cases (hooks init); scripts and tests meet this instead.
	if (runtime.useDevelopmentKey && !runtime.developmentKeyAllowed) throw new Error(runtime.refusals.join('; '));
	key = Buffer.from(config.encryptionKey ?? DEVELOPMENT_KEY_HEX, 'hex');
	if (key.length !== 32) throw new Error('ENCRYPTION_KEY must be 64 hex characters (32 bytes)');
	if (runtime.useDevelopmentKey) logger.warn('ENCRYPTION_KEY not set: using the development key (development/demo mode)');
	return key;
}

/** AES-256-GCM; output is base64(iv | tag | ciphertext). */
export function encrypt(plain: Uint8Array): string {
	const iv = randomBytes(12);
	const cipher = createCipheriv('aes-256-gcm', getKey(), iv);
	const body = Buffer.concat([cipher.update(plain), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

export function decrypt(encoded: string): Uint8Array {
	const raw = Buffer.from(encoded, 'base64');
	const decipher = createDecipheriv('aes-256-gcm', getKey(), raw.subarray(0, 12));
	decipher.setAuthTag(raw.subarray(12, 28));
	return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
}
