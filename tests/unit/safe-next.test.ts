import { describe, expect, it } from 'vitest';
import { safeNext } from '../../src/lib/server/forms';

const ORIGIN = 'https://portaali.example.fi';

describe('safeNext: where to go after sign-in or a language switch', () => {
	it.each([
		['/area/1/contracts?page=2#top', '/area/1/contracts?page=2#top'],
		['/', '/'],
		['/provider/x/today?day=2026-11-23', '/provider/x/today?day=2026-11-23'],
		['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
		['/ä', '/%C3%A4']
	])('follows the own path %j', (value, expected) => {
		expect(safeNext(value, ORIGIN)).toBe(expected);
	});

	it.each([
		['tab', '/\t/evil.example'],
		['tab first', '\t//evil.example'],
		['newline', '/\n/evil.example'],
		['carriage return', '/\r/evil.example'],
		['other C0 control', '/\u0001/evil.example'],
		['DEL', '/\u007f/evil.example'],
		['backslash', '/\\evil.example'],
		['backslash later', '/a/..\\..\\\\evil.example'],
		['protocol-relative', '//evil.example'],
		['dot segment to protocol-relative', '/.//evil.example'],
		['javascript:', 'javascript:alert(1)'],
		['absolute other origin', 'http://evil.example'],
		['absolute same host other scheme', 'http://portaali.example.fi/'],
		['empty', ''],
		['relative', 'evil.example'],
		['not a string', 42]
	])('goes home instead of a %s', (_name, value) => {
		expect(safeNext(value, ORIGIN)).toBe('/');
	});
});
