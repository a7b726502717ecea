import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

// argon2id (the library's default algorithm) with OWASP's recommended minimum cost.
const ARGON2 = { memoryCost: 19456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

const zxcvbn = new ZxcvbnFactory({
	dictionary: {
		...common.dictionary,
		// Words every Finnish attacker tries first.
		finnish: ['salasana', 'salasanani', 'kesakuu', 'perkele', 'suomi', 'helsinki', 'tyollisyys', 'lösenord']
	},
	graphs: common.adjacencyGraphs
});

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	return verify(passwordHash, password);
}

/** A fixed hash verified against when the account does not exist, so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function verifyAgainstDummy(password: string): Promise<boolean> {
	dummyHash ??= hashPassword('not-a-real-password-for-timing');
	return dummyHash.then((h) => verify(h, password));
}

export type PasswordProblem = 'passwordTooShort' | 'passwordTooLong' | 'passwordTooCommon';

/** Returns the message key of the first problem, or null when the password is acceptable. */
export function checkPasswordPolicy(password: string, userInputs: string[] = []): PasswordProblem | null {
	if (password.length < PASSWORD_MIN_LENGTH) return 'passwordTooShort';
	if (password.length > PASSWORD_MAX_LENGTH) return 'passwordTooLong';
	if (zxcvbn.check(password, userInputs).score < 3) return 'passwordTooCommon';
	return null;
}
