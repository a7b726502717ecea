/**
 * A software authenticator for the passkey tests: a P-256 key from node:crypto, authenticator data,
 * client data and a "none" attestation built by hand (CBOR through @simplewebauthn's own encoder), so the
 * server's real verification runs on what a browser would send.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

const b64 = (bytes: Uint8Array) => isoBase64URL.fromBuffer(bytes.slice());
const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash('sha256').update(data).digest());

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

function u32(n: number): Uint8Array {
	const b = new Uint8Array(4);
	new DataView(b.buffer).setUint32(0, n);
	return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const p of parts) {
		out.set(p, at);
		at += p.length;
	}
	return out;
}

/** What the server sent (the options' challenge), decoded from its JSON. */
interface Challenged {
	challenge: string;
}

export interface SoftAuthenticator {
	credentialId: string;
	/** The next assertion's signature counter (0: an authenticator that does not count). */
	counter: number;
	userHandle: string | null;
	register(options: Challenged, opts?: { origin?: string; userVerified?: boolean }): unknown;
	assert(
		options: Challenged,
		opts?: { origin?: string; userVerified?: boolean; counter?: number; userHandle?: string | null }
	): {
		id: string;
		rawId: string;
		type: 'public-key';
		response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle?: string };
		clientExtensionResults: Record<string, never>;
	};
}

export function softAuthenticator(rpId: string, origin: string, opts: { counter?: number } = {}): SoftAuthenticator {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const jwk = (publicKey as KeyObject).export({ format: 'jwk' });
	const cose = isoCBOR.encode(
		new Map<number, number | Uint8Array>([
			[1, 2], // kty: EC2
			[3, -7], // alg: ES256
			[-1, 1], // crv: P-256
			[-2, isoBase64URL.toBuffer(jwk.x!)],
			[-3, isoBase64URL.toBuffer(jwk.y!)]
		])
	);
	const credId = new Uint8Array(randomBytes(32));
	const rpIdHash = sha256(rpId);
	const self: SoftAuthenticator = {
		credentialId: b64(credId),
		counter: opts.counter ?? 0,
		userHandle: null,
		register(options, o = {}) {
			const o2 = options as Challenged & { user?: { id: string } };
			self.userHandle = o2.user?.id ?? null;
			const clientData = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: o.origin ?? origin, crossOrigin: false });
			const flags = FLAG_UP | FLAG_AT | (o.userVerified === false ? 0 : FLAG_UV);
			const credLen = new Uint8Array([credId.length >> 8, credId.length & 0xff]);
			const authData = concat(rpIdHash, new Uint8Array([flags]), u32(self.counter), new Uint8Array(16), credLen, credId, cose);
			const attestationObject = isoCBOR.encode(
				new Map<string, string | Uint8Array | Map<string, string>>([
					['fmt', 'none'],
					['attStmt', new Map<string, string>()],
					['authData', authData]
				])
			);
			return {
				id: self.credentialId,
				rawId: self.credentialId,
				type: 'public-key',
				response: { clientDataJSON: b64(new TextEncoder().encode(clientData)), attestationObject: b64(attestationObject), transports: ['internal', 'hybrid'] },
				clientExtensionResults: {},
				authenticatorAttachment: 'platform'
			};
		},
		assert(options, o = {}) {
			const counter = o.counter ?? (self.counter > 0 ? ++self.counter : 0);
			const clientData = new TextEncoder().encode(
				JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: o.origin ?? origin, crossOrigin: false })
			);
			const authData = concat(rpIdHash, new Uint8Array([FLAG_UP | (o.userVerified === false ? 0 : FLAG_UV)]), u32(counter));
			const signature = new Uint8Array(sign('sha256', concat(authData, sha256(clientData)), privateKey));
			const handle = o.userHandle === undefined ? self.userHandle : o.userHandle;
			return {
				id: self.credentialId,
				rawId: self.credentialId,
				type: 'public-key',
				response: { clientDataJSON: b64(clientData), authenticatorData: b64(authData), signature: b64(signature), ...(handle ? { userHandle: handle } : {}) },
				clientExtensionResults: {}
			};
		}
	};
	return self;
}
