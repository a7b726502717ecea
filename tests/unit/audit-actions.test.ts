import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, isAuditAction } from '../../src/lib/server/audit/actions';
import { parseAuditSearch } from '../../src/lib/server/audit/search-params';

const AREA = 'a0000000-0000-4000-8000-000000000001';

describe('audit action codes', () => {
	it('are one list without duplicates, each `area.code`', () => {
		expect(new Set(AUDIT_ACTIONS).size).toBe(AUDIT_ACTIONS.length);
		for (const code of AUDIT_ACTIONS) expect(code).toMatch(/^[a-z_]+\.[a-zA-Z_]+$/);
	});

	it('every code the log is written with can be searched for, also the two older camelCase ones', () => {
		for (const code of ['arvi.draftSave', 'contract.priceLine_remove', 'participation.resumed', 'user.invite']) {
			const { search, error } = parseAuditSearch(new URLSearchParams({ action: code }), AREA);
			expect(error).toBeNull();
			expect(search?.action).toBe(code);
		}
	});

	it('a code that is not in the list is refused with a message and searches nothing', () => {
		expect(isAuditAction('test.event')).toBe(false);
		const { search, error } = parseAuditSearch(new URLSearchParams({ action: 'no.such_code' }), AREA);
		expect(search).toBeNull();
		expect(error).toBe('errors.invalidInput');
	});
});
