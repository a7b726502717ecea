/**
 * The official e-invoice references (Finvoice XSD, Peppol/CEN schematron and examples, identifier
 * vectors) live beside the repository in ../shared/einvoice, and CI always has them. A test that needs them
 * fails with a clear message when they are missing, instead of skipping in silence; on a machine without
 * them set PTP_ALLOW_MISSING_EINVOICE=1 to skip those checks knowingly (CI must never set it).
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const SHARED_EINVOICE = fileURLToPath(new URL('../../shared/einvoice/', import.meta.url));
export const ALLOW_MISSING_EINVOICE = 'PTP_ALLOW_MISSING_EINVOICE';

let checked: boolean | undefined;

/**
 * True when ../shared/einvoice and xmllint are here. When either is missing: false if the opt-out is set
 * (with a warning naming what is not checked), otherwise an error that fails the test file.
 */
export function sharedEinvoice(): boolean {
	if (checked !== undefined) return checked;
	const missing: string[] = [];
	if (!existsSync(SHARED_EINVOICE)) missing.push(`${SHARED_EINVOICE} (the e-invoice schemas, rules and vectors)`);
	if (spawnSync('xmllint', ['--version']).status !== 0) missing.push('xmllint (apt-get install libxml2-utils)');
	if (missing.length === 0) return (checked = true);
	if (process.env[ALLOW_MISSING_EINVOICE] === '1') {
		console.warn(`${ALLOW_MISSING_EINVOICE}=1: not found ${missing.join(' and ')}; the official schema and vector checks are skipped.`);
		return (checked = false);
	}
	throw new Error(
		`Not found: ${missing.join(' and ')}. The e-invoice tests validate against the official references, which CI always has. ` +
			`Put ../shared/einvoice beside the repository, or set ${ALLOW_MISSING_EINVOICE}=1 to skip those checks knowingly (never in CI).`
	);
}
