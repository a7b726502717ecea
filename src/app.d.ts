import type { Clock } from '$lib/domain/clock';
import type { Locale } from '$lib/i18n';
import type { Actor } from '$lib/server/policy';
import type { BadgeCounts } from '$lib/server/auth/actor';
import type { Session, User } from '$lib/server/db/schema';

declare global {
	namespace App {
		interface Locals {
			requestId: string;
			clock: Clock;
			locale: Locale;
			user: User | null;
			session: Session | null;
			/** Set only when the session is fully authenticated (second factor done where required). */
			actor: Actor | null;
			/** Signed in with a password but the second factor is still missing. */
			mfaPending: boolean;
			/** The layout's badges as the session was read at the start of the request (null without a session). */
			counts: BadgeCounts | null;
		}
		interface Error {
			message: string;
			requestId?: string;
		}
		interface PageData {
			locale?: Locale;
		}
	}
}

export {};
