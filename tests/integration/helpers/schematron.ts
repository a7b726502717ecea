import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Schema } from 'node-schematron';
import { SHARED_EINVOICE, sharedEinvoice } from '../../shared-einvoice';

const CEN = join(SHARED_EINVOICE, 'peppol/sch/CEN-EN16931-UBL.sch');

let cen: Schema | null | undefined;

/**
 * The official EN 16931 business rules for UBL (CEN's schematron, run by node-schematron), or null when
 * ../shared/einvoice is missing and PTP_ALLOW_MISSING_EINVOICE=1 (missing without it, this throws). The Peppol
 * schematron needs XSLT functions that this runner does not have; the Peppol rules an export can break are checked by
 * src/lib/server/einvoice/rules.ts (the document) and tests/helpers/einvoice-rules.ts (the XML).
 */
export function cenRules(): Schema | null {
	if (cen === undefined) cen = sharedEinvoice() ? Schema.fromString(readFileSync(CEN, 'utf8')) : null;
	return cen;
}

/** The failed EN 16931 rules of a UBL document, as "RULE-ID: message". */
export function cenViolations(xml: string): string[] {
	const schema = cenRules();
	if (!schema) return [];
	return schema.validateString(xml).map((r) => `${r.assertId ?? 'rule'}: ${String(r.message).trim().slice(0, 160)}`);
}
