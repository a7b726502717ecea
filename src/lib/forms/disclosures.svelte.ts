/**
 * The `<details>` of a page's forms: the one whose form the action answered is open (also without JavaScript,
 * from the server), and one the person opened or closed by hand stays so until the next answer. A plain
 * `open={form?.form === 'cohort'}` is set again whenever its block redraws (e.g. when the browser-side check
 * marks a field), which closed a form the person had just opened.
 *
 *   const disclosures = new Disclosures(() => form);
 *   <details open={disclosures.isOpen('cohort', form?.form)} ontoggle={disclosures.ontoggle('cohort')}>
 */
export class Disclosures {
	#toggled = $state<Record<string, boolean>>({});

	/** `answer`: the page's action answer; a new one lets the answer decide again. */
	constructor(answer: () => unknown) {
		$effect.pre(() => {
			answer();
			this.#toggled = {};
		});
	}

	isOpen(name: string, answered: string | undefined): boolean {
		return this.#toggled[name] ?? answered === name;
	}

	ontoggle = (name: string) => (event: Event) => {
		this.#toggled[name] = (event.currentTarget as HTMLDetailsElement).open;
	};
}
