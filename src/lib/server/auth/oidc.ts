import * as client from 'openid-client';
import { config } from '../config';

/**
 * Hook point for Suomi.fi identification or an area's own identity provider (off unless OIDC_ISSUER,
 * OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are set). The provider only identifies: the person must already
 * have an account here (matched on OIDC_USER_CLAIM), and roles always come from this portal.
 */
let discovered: Promise<client.Configuration> | undefined;

export function oidcEnabled(): boolean {
	return !!(config.oidc.issuer && config.oidc.clientId && config.oidc.clientSecret);
}

function configuration(): Promise<client.Configuration> {
	const issuer = new URL(config.oidc.issuer as string);
	// Plain http only for a local test identity provider, never in production.
	const local = !config.production && issuer.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(issuer.hostname);
	discovered ??= client.discovery(
		issuer,
		config.oidc.clientId as string,
		config.oidc.clientSecret as string,
		undefined,
		local ? { execute: [client.allowInsecureRequests] } : undefined
	);
	return discovered;
}

export const OIDC_REDIRECT_PATH = '/login/oidc/callback';

export async function startOidcLogin(): Promise<{ url: URL; state: string; verifier: string }> {
	const cfg = await configuration();
	const verifier = client.randomPKCECodeVerifier();
	const state = client.randomState();
	const url = client.buildAuthorizationUrl(cfg, {
		redirect_uri: new URL(OIDC_REDIRECT_PATH, config.publicOrigin).toString(),
		scope: 'openid email profile',
		code_challenge: await client.calculatePKCECodeChallenge(verifier),
		code_challenge_method: 'S256',
		state
	});
	return { url, state, verifier };
}

/** Returns the identifying claim (e.g. the e-mail) once the provider's answer checks out. */
export async function finishOidcLogin(currentUrl: URL, state: string, verifier: string): Promise<string | null> {
	const cfg = await configuration();
	const tokens = await client.authorizationCodeGrant(cfg, currentUrl, {
		pkceCodeVerifier: verifier,
		expectedState: state
	});
	const value = tokens.claims()?.[config.oidc.userClaim];
	return typeof value === 'string' ? value : null;
}
