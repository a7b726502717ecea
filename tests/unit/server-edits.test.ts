import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import { describe, expect, it } from 'vitest';
import { sharedUrlGetters } from '../../vite.config';

const URL_JS = 'node_modules/@sveltejs/kit/src/utils/url.js';
const transform = (plugin: Plugin, code: string, id: string, ssr: boolean) =>
	(plugin.transform as (code: string, id: string, options: { ssr: boolean }) => { code: string } | null).call({}, code, id, { ssr });

type MakeTrackable = (url: URL, callback: () => void, searchParamsCallback: (name: string) => void) => URL;

/** SvelteKit's url.js as the server build gets it, loaded from a temporary copy. */
async function editedMakeTrackable(): Promise<MakeTrackable> {
	const edited = transform(sharedUrlGetters, readFileSync(URL_JS, 'utf8'), `/app/${URL_JS}`, true);
	if (!edited) throw new Error('the edit did not apply');
	const file = join(mkdtempSync(join(tmpdir(), 'ptp-url-')), 'url.js');
	writeFileSync(file, edited.code.replace("import { BROWSER, DEV } from 'esm-env';", 'const BROWSER = false, DEV = false;'));
	return (await import(/* @vite-ignore */ pathToFileURL(file).href)).make_trackable;
}

describe("the build's edit of SvelteKit's load URL", () => {
	it('reads as the URL it tracks and notes each read, with getters shared between requests', async () => {
		const make_trackable = await editedMakeTrackable();
		const reads: string[] = [];
		const first = make_trackable(
			new URL('https://x.test/area/1/invoices?period=2026-11'),
			() => reads.push('url'),
			(name) => reads.push(name)
		);
		expect([first.href, first.pathname, first.search, String(first), first.toString(), JSON.stringify({ u: first })]).toEqual([
			'https://x.test/area/1/invoices?period=2026-11',
			'/area/1/invoices',
			'?period=2026-11',
			'https://x.test/area/1/invoices?period=2026-11',
			'https://x.test/area/1/invoices?period=2026-11',
			'{"u":"https://x.test/area/1/invoices?period=2026-11"}'
		]);
		expect(first.searchParams.get('period')).toBe('2026-11');
		expect(reads).toEqual(['url', 'url', 'url', 'url', 'url', 'url', 'period']);

		const second = make_trackable(
			new URL('https://x.test/other'),
			() => {},
			() => {}
		);
		expect(second.pathname).toBe('/other');
		const getter = (u: URL) => Object.getOwnPropertyDescriptor(u, 'pathname')?.get;
		expect(getter(second)).toBe(getter(first));
	});

	it('leaves the browser’s code as it is', () => {
		expect(transform(sharedUrlGetters, readFileSync(URL_JS, 'utf8'), `/app/${URL_JS}`, false)).toBeNull();
	});
});
