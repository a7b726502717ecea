import page from '$lib/offline.html?raw';
import { LOCALES, translate, type MessageKey } from '$lib/i18n';
import type { RequestHandler } from './$types';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The page is precached once at install, before anyone is known, so it says everything in all three
 * languages (each section marked with its `lang`), Finnish first. "Open Today" goes to the start URL, which
 * the service worker answers offline with the Today page it keeps; "Try again" (an empty href) loads the
 * address the person asked for again.
 */
const sections = LOCALES.map((l, i) => {
	const m = (key: MessageKey) => escape(translate(l, key));
	const h = i === 0 ? 'h1' : 'h2';
	return `\t\t\t<section lang="${l}">
				<${h}>${m('offline.title')}</${h}>
				<p>${m('offline.text')}</p>
				<p>${m('offline.works')}</p>
				<p class="links"><a href="/start">${m('offline.openToday')}</a> <a class="secondary" href="">${m('offline.retry')}</a></p>
			</section>`;
}).join('\n');
const html = page.replace('%title%', LOCALES.map((l) => escape(translate(l, 'offline.title'))).join(' · ')).replace('%sections%', sections);

/**
 * The page the service worker shows for any navigation made without a network (precached at
 * install). Static and public: it holds nothing personal. Inline style only, no script.
 */
export const GET: RequestHandler = () =>
	new Response(html, {
		headers: {
			'content-type': 'text/html; charset=utf-8',
			'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'"
		}
	});
