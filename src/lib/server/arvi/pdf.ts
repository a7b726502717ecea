/**
 * The ARVI as a PDF for the customer record, in the customer's language of service. It holds what the
 * form holds and nothing more (no henkilötunnus, no contact details). DejaVu Sans is embedded so that
 * every name prints, whatever its letters.
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { ArviContent } from '$lib/domain/arvi';
import { formatDate, formatDateTime } from '$lib/i18n/format';
import { translate, type Locale, type MessageKey } from '$lib/i18n';
import { ARVI_ENDED_KEY, END_SITUATION_KEY, NEXT_STEP_KIND_KEY, QUALIFICATION_KIND_KEY, READINESS_KEY, REVIEW_MODE_KEY } from '$lib/i18n/labels/arvi';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export interface ArviPdfInput {
	arvi: { language: Locale };
	content: ArviContent;
	version: { number: number; submittedAt: string } | null;
	customer: { name: string; number: string };
	contract: { number: string; title: string };
	providerName: string;
	coachName: string;
	participation: { status: string; startDate: string; endDate: string | null };
	facts: { daysPresent: number; meetingsHeld: number };
	/** When the PDF is made (the caller's clock). */
	printedAt: Date;
}

export function arviPdf(input: ArviPdfInput): Promise<Buffer> {
	const l = input.arvi.language;
	const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(l, key, params);
	const date = (d: string) => (d ? formatDate(d, l) : tr('arvi.doc.empty'));
	const c = input.content;
	const doc = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, info: { Title: tr('arvi.doc.title'), Author: input.providerName }, lang: l });
	const chunks: Buffer[] = [];
	doc.on('data', (b: Buffer) => chunks.push(b));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	doc.registerFont('body', FONT);
	doc.registerFont('bold', FONT_BOLD);

	const heading = (text: string) => doc.moveDown(0.8).font('bold').fontSize(13).text(text).moveDown(0.3);
	const field = (label: string, value: string) => {
		doc.font('bold').fontSize(10).text(label);
		doc
			.font('body')
			.fontSize(10)
			.text(value.trim() || tr('arvi.doc.empty'))
			.moveDown(0.4);
	};
	const code = <C extends string>(labels: Record<C, MessageKey>, value: C | '') => tr(value ? labels[value] : 'arvi.doc.empty');

	doc.font('bold').fontSize(17).text(tr('arvi.doc.title'));
	doc
		.font('body')
		.fontSize(10)
		.text(input.version ? tr('arvi.doc.version', { n: input.version.number, date: formatDateTime(input.version.submittedAt, l) }) : tr('arvi.doc.draft'));

	heading(tr('arvi.doc.service'));
	field(tr('arvi.doc.customer'), `${input.customer.name} (${tr('arvi.doc.customerNumber')} ${input.customer.number})`);
	field(tr('arvi.doc.contract'), `${input.contract.number} ${input.contract.title}`);
	field(tr('arvi.doc.provider'), `${input.providerName}, ${tr('arvi.doc.coach')} ${input.coachName}`);
	field(tr('arvi.doc.period'), tr('arvi.doc.periodValue', { from: date(input.participation.startDate), until: date(input.participation.endDate ?? '') }));
	if (input.participation.status === 'completed' || input.participation.status === 'interrupted')
		field(tr('arvi.doc.endedHow'), tr(ARVI_ENDED_KEY[input.participation.status]));

	heading(tr('arvi.doc.done'));
	doc
		.font('body')
		.fontSize(10)
		.text(tr('arvi.doc.recorded', { days: input.facts.daysPresent, meetings: input.facts.meetingsHeld }))
		.moveDown(0.4);
	field(tr('arvi.doc.activities'), c.activities);
	field(tr('arvi.doc.workPeriods'), c.workPeriods.map((w) => `${date(w.from)}–${date(w.until)}: ${w.workplace}`).join('\n') || tr('arvi.doc.none'));
	field(
		tr('arvi.doc.qualifications'),
		c.qualifications.map((q) => `${code(QUALIFICATION_KIND_KEY, q.kind)}: ${q.name}${q.date ? ` (${date(q.date)})` : ''}`).join('\n') || tr('arvi.doc.none')
	);

	heading(tr('arvi.doc.skillsTitle'));
	field(tr('arvi.doc.skills'), c.skills);
	field(tr('arvi.doc.suitableWork'), c.suitableWork);

	heading(tr('arvi.doc.situationTitle'));
	field(tr('arvi.doc.readiness'), code(READINESS_KEY, c.readiness));
	field(
		tr('arvi.doc.situation'),
		`${code(END_SITUATION_KEY, c.situation)}${c.situationFrom ? `, ${tr('arvi.doc.situationFrom').toLowerCase()} ${date(c.situationFrom)}` : ''}`
	);
	if (c.situationText) field(tr('arvi.doc.situationText'), c.situationText);

	heading(tr('arvi.doc.nextSteps'));
	if (c.nextSteps.length === 0) doc.font('body').fontSize(10).text(tr('arvi.doc.none'));
	for (const s of c.nextSteps) field(code(NEXT_STEP_KIND_KEY, s.kind), s.reason);

	heading(tr('arvi.doc.customerView'));
	doc
		.font('body')
		.fontSize(10)
		.text(c.customerView.trim() || tr('arvi.doc.empty'));

	heading(tr('arvi.doc.review'));
	field(tr('arvi.doc.reviewedOn'), date(c.reviewedOn));
	field(tr('arvi.doc.reviewedHow'), code(REVIEW_MODE_KEY, c.reviewedHow));
	field(tr('arvi.doc.reviewedBy'), c.reviewedBy);

	// Footer on every page: page numbers and when it was printed.
	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.height - 40;
		doc.page.margins.bottom = 0;
		doc
			.font('body')
			.fontSize(8)
			.text(`${tr('arvi.doc.printed', { date: formatDateTime(input.printedAt, l) })} · ${tr('arvi.doc.page', { n: i + 1, total: range.count })}`, 56, bottom, {
				lineBreak: false
			});
	}
	doc.end();
	return done;
}
