/**
 * The browser's half of a form's validation: before the form is sent (and when a field is left) the page runs
 * the same check as the action (`checkForm` with the same `FormSpec`) and shows the same messages next to the
 * fields, so a mistake is told at once, without a round trip. The server stays the authority: a form that
 * passes here is checked again there, and without JavaScript the action's answer shows the same messages.
 *
 *   const check = new FormCheck(contractForm, () => form?.errors);
 *   <form method="POST" use:check.form> … <Field error={check.errors.title} …/>
 *   <FormMessage message={check.message ?? form?.message} />
 *
 * A problem of the whole form (the spec's `form` key, e.g. "nothing chosen") is not any field's: it is the form's
 * `message` while the send is stopped. Repeated rows (`name:0`, `value:<line id>`) are fields like any other.
 *
 * A form whose second button sends it to another action (`formaction="?/accept"` beside "return") names that
 * action's spec in `others`; a button whose action has no spec here is left to the server.
 */
import { tick } from 'svelte';
import type { MessageKey } from '$lib/i18n';
import { checkForm, FORM, type FieldErrors, type FormSpec } from './form';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const isControl = (el: Element): el is Control => el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement;

/** A control the person sees and can fix (hidden fields such as `version` are the server's business). */
const visible = (el: Control) => !(el instanceof HTMLInputElement && el.type === 'hidden') && !el.disabled;

export class FormCheck {
	/** What the browser found per field: a message, or null for "checked and fine" (hides the server's old message). */
	#found = $state<Record<string, MessageKey | null>>({});
	/** Whether the last attempt to send was stopped here. */
	#blocked = $state(false);
	readonly #spec: () => FormSpec;
	readonly #server: () => FieldErrors | null | undefined;
	readonly #others: Readonly<Record<string, FormSpec>>;
	/** The other action last sent to (a field left afterwards is checked against the same action); null = the form's own. */
	#current: FormSpec | null = null;

	/**
	 * `spec`: the form's spec, or a function giving it where it depends on the page's data (e.g. today's date).
	 * `server`: the action's field errors for this form (from the page's `form`), shown until a field is checked again.
	 * `others`: the specs of other actions the form's buttons send to, by their `formaction` ("?/accept").
	 */
	constructor(
		spec: FormSpec | (() => FormSpec),
		server: () => FieldErrors | null | undefined = () => undefined,
		others: Readonly<Record<string, FormSpec>> = {}
	) {
		this.#spec = typeof spec === 'function' ? spec : () => spec;
		this.#server = server;
		this.#others = others;
	}

	/** The messages to show, per field name: the browser's findings over the server's answer. */
	get errors(): FieldErrors {
		const out: FieldErrors = { ...(this.#server() ?? {}) };
		for (const [name, key] of Object.entries(this.#found)) {
			if (key) out[name] = key;
			else delete out[name];
		}
		return out;
	}

	/** The form's summary while a send is stopped here: a problem of the whole form ("choose at least one"), else "check the marked fields". */
	get message(): MessageKey | null {
		return this.#blocked ? (this.#found[FORM] ?? 'errors.checkFields') : null;
	}

	/** The problems of the form as it is now, only for fields the person can see and fix, and those of the whole form. */
	#problems(node: HTMLFormElement, spec: FormSpec, submitter?: HTMLElement | null): FieldErrors {
		const result = checkForm(spec, new FormData(node, submitter));
		if (result.ok) return {};
		const shown = [...node.elements]
			.filter(isControl)
			.filter(visible)
			.map((el) => el.name);
		return Object.fromEntries(Object.entries(result.errors).filter(([name]) => name === FORM || shown.includes(name)));
	}

	/** The Svelte action for the `<form>`: checks on submit (stopping the send) and when a field is left. */
	form = (node: HTMLFormElement) => {
		// Our messages instead of the browser's own bubbles (in the browser's language, not the page's).
		node.noValidate = true;
		const onSubmit = async (event: SubmitEvent) => {
			// A button that sends the form to another action (`formaction`, e.g. "check" beside "return") has its own spec, or none.
			const action = event.submitter?.getAttribute('formaction');
			const other = action === null || action === undefined ? null : this.#others[action];
			if (other === undefined) return;
			this.#current = other;
			const spec = other ?? this.#spec();
			const problems = this.#problems(node, spec, event.submitter);
			const names = Object.keys(problems);
			if (names.length === 0) {
				this.#found = {};
				this.#blocked = false;
				return;
			}
			// Capture phase on the form itself: this runs before `use:enhance`, which must not send either.
			event.preventDefault();
			event.stopImmediatePropagation();
			this.#found = { ...Object.fromEntries(Object.keys(this.errors).map((n) => [n, null])), ...problems };
			this.#blocked = true;
			await tick();
			const first = [...node.elements].filter(isControl).find((el) => visible(el) && names.includes(el.name));
			first?.focus();
		};
		const onLeave = (event: FocusEvent) => {
			const target = event.target;
			if (!(target instanceof Element) || !isControl(target) || !target.name) return;
			// Leaving an empty field untouched is not a mistake yet; one already marked is checked again.
			const marked = Object.keys(this.errors);
			if (target.value === '' && !marked.includes(target.name)) return;
			const problems = this.#problems(node, this.#current ?? this.#spec());
			const found = { ...this.#found };
			for (const name of [target.name, ...marked]) found[name] = problems[name] ?? null;
			this.#found = found;
			if (Object.keys(this.errors).length === 0) this.#blocked = false;
		};
		// A field already marked is checked again as it changes: its message goes as soon as it is right, while the
		// person types, not when they leave it, which would move the buttons below under their pointer and the click
		// on "send" would miss. Nothing new is marked while typing.
		const onInput = (event: Event) => {
			const target = event.target;
			if (!(target instanceof Element) || !isControl(target) || !target.name) return;
			if (!Object.keys(this.errors).includes(target.name)) return;
			const problems = this.#problems(node, this.#current ?? this.#spec());
			this.#found = { ...this.#found, [target.name]: problems[target.name] ?? null };
			if (Object.keys(this.errors).length === 0) this.#blocked = false;
		};
		node.addEventListener('submit', onSubmit, { capture: true });
		node.addEventListener('focusout', onLeave);
		node.addEventListener('input', onInput);
		return {
			destroy() {
				node.removeEventListener('submit', onSubmit, { capture: true });
				node.removeEventListener('focusout', onLeave);
				node.removeEventListener('input', onInput);
			}
		};
	};
}
