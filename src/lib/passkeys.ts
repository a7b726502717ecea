/**
 * The browser's half of the passkey ceremonies (@simplewebauthn/browser): ask the server for a challenge,
 * let the device sign it (screen lock), send the answer back. Needs JavaScript and WebAuthn: pages offer
 * passkeys only when `passkeysSupported()` says so after hydration.
 */
import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { isMessageKey, type MessageKey } from '$lib/i18n/core';

export function passkeysSupported(): boolean {
	return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; data: Record<string, unknown> }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	return { ok: response.ok, data };
}

function messageOf(data: Record<string, unknown>, fallback: MessageKey): MessageKey {
	return isMessageKey(data.message) ? data.message : fallback;
}

/** Sign-in without an e-mail: the browser offers this site's passkeys. Answers where to go, or what went wrong. */
export async function signInWithPasskey(next: string | null): Promise<{ location: string } | { message: MessageKey }> {
	try {
		const options = await post('/login/passkey/options', {});
		if (!options.ok) return { message: messageOf(options.data, 'errors.passkeyFailed') };
		let response;
		try {
			response = await startAuthentication({ optionsJSON: options.data as never });
		} catch {
			return { message: 'errors.passkeyCancelled' };
		}
		const done = await post('/login/passkey', next ? { response, next } : { response });
		if (!done.ok || typeof done.data.location !== 'string') return { message: messageOf(done.data, 'errors.passkeyFailed') };
		return { location: done.data.location };
	} catch {
		return { message: 'errors.passkeyFailed' };
	}
}

/** Adds a passkey with this name to the signed-in person's account. */
export async function addPasskey(name: string): Promise<{ ok: true } | { ok: false; message: MessageKey }> {
	try {
		const options = await post('/account/passkeys/options', {});
		if (!options.ok) return { ok: false, message: messageOf(options.data, 'errors.passkeyAddFailed') };
		let response;
		try {
			response = await startRegistration({ optionsJSON: options.data as never });
		} catch {
			return { ok: false, message: 'errors.passkeyCancelled' };
		}
		const done = await post('/account/passkeys', { name, response });
		return done.ok ? { ok: true } : { ok: false, message: messageOf(done.data, 'errors.passkeyAddFailed') };
	} catch {
		return { ok: false, message: 'errors.passkeyAddFailed' };
	}
}
