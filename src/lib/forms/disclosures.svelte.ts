import { browser } from '$app/environment';

/**
 * The `<details>` of a page's forms: the one whose form the action answered is open (also without JavaScript,
 * from the server), and one the person opened or closed by hand stays so until the next answer. A plain
 * `open={form?.form === 'cohort'}` is set again whenever its block redraws (e.g. when the browser-side check
 * marks a field), which closed a form the person had just opened; and hydration sets it once more, which
 * closed a section opened on a slow phone before the page's script had started.
 *
 *   const disclosures = new Disclosures(() => form);
 *   <details {...disclosures.details('cohort', form?.form)}>
 */
export class Disclosures {
	#toggled = $state<Record<string, boolean>>({});

	/** `answer`: the page's action answer; a new one lets the answer decide again. */
	constructor(answer: () => unknown) {
		let seen = openedBeforeHydration();
		$effect.pre(() => {
			answer();
			this.#toggled = seen;
			seen = {};
		});
	}

	isOpen(name: string, answered: string | undefined): boolean {
		return this.#toggled[name] ?? answered === name;
	}

	/** The attributes of the section `name`: open or not, remembered when toggled, found again at hydration. */
	details(name: string, answered: string | undefined) {
		return {
			open: this.isOpen(name, answered),
			ontoggle: (event: Event) => {
				this.#toggled[name] = (event.currentTarget as HTMLDetailsElement).open;
			},
			'data-disclosure': name
		};
	}
}

let hydrated = false;

/**
 * While the page hydrates, the server's HTML is on screen and works without script: a `<details>` may have been
 * opened or closed by hand. What the DOM shows then is what the person sees, so it is kept. After the first
 * render (a later client-side navigation) the DOM is the previous page's and says nothing.
 */
function openedBeforeHydration(): Record<string, boolean> {
	if (!browser || hydrated) return {};
	queueMicrotask(() => (hydrated = true));
	const seen: Record<string, boolean> = {};
	for (const el of document.querySelectorAll<HTMLDetailsElement>('details[data-disclosure]')) {
		seen[el.dataset.disclosure!] = el.open;
	}
	return seen;
}
