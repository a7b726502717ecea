import { render } from 'svelte/server';
import { describe, expect, it } from 'vitest';
import Options from '../../src/lib/components/Options.svelte';

type Item = { id: string; name: string };
const ItemOptions = Options<Item>;
const items: Item[] = [
	{ id: 'a1', name: 'Alpha Oy' },
	{ id: 'b2', name: 'Beta <b>&</b> "Gamma"' }
];
const props = (selected?: string | null) => ({ items, value: (i: Item) => i.id, label: (i: Item) => i.name, selected });
/** The options as a browser reads them: value, label and whether selected, hydration comments removed. */
const options = (html: string) =>
	[...html.replace(/<!--[^>]*-->/g, '').matchAll(/<option([^>]*)>([^<]*(?:<(?!\/option>)[^<]*)*)<\/option>/g)].map(([, attrs, label]) => ({
		value: /value="([^"]*)"/.exec(attrs)?.[1],
		selected: /\sselected(=|\s|$)/.test(attrs),
		label
	}));

describe('a select’s options', () => {
	it('writes each item as an option with its value and label, the chosen one selected', () => {
		const { body } = render(ItemOptions, { props: props('b2') });
		expect(options(body)).toEqual([
			{ value: 'a1', selected: false, label: 'Alpha Oy' },
			{ value: 'b2', selected: true, label: 'Beta &lt;b>&amp;&lt;/b> "Gamma"' }
		]);
	});

	it('selects none when nothing, or something not in the list, is chosen', () => {
		for (const selected of [undefined, null, '', 'zz'])
			expect(options(render(ItemOptions, { props: props(selected) }).body).map((o) => o.selected)).toEqual([false, false]);
	});

	it('escapes what people typed, in the label and in the value', () => {
		const { body } = render(ItemOptions, {
			props: { items: [{ id: '"><script>x</script>', name: '<script>y</script>' }], value: (i: Item) => i.id, label: (i: Item) => i.name }
		});
		expect(body).not.toContain('<script>');
		expect(body).toContain('&lt;script>y&lt;/script>');
		expect(body).toContain('value="&quot;>&lt;script>x&lt;/script>"');
	});
});
