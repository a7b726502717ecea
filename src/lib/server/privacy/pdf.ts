/**
 * The customer's own report (GDPR art. 15) as a PDF in the customer's language: the same `CustomerReport`
 * the JSON form holds, printed with the ARVI PDF's library and fonts (pdfkit, DejaVu Sans embedded).
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { formatDate, formatDateTime } from '$lib/i18n/format';
import { isMessageKey, translate, type MessageKey } from '$lib/i18n';
import type { CustomerReport } from './report';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

export function customerReportPdf(report: CustomerReport): Promise<Buffer> {
	const l = report.customer.language;
	const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(l, key, params);
	/** A code (a status, a reason) in words where the catalogue has it, else as it is stored. */
	const code = (prefix: string, value: string | null) => {
		if (!value) return '–';
		const key = `${prefix}.${value}`;
		return isMessageKey(key) ? tr(key) : value;
	};
	const day = (d: string | null) => (d ? formatDate(d, l) : '–');
	const at = (d: string | null) => (d ? formatDateTime(d, l) : '–');
	const doc = new PDFDocument({ size: 'A4', margin: 56, bufferPages: true, info: { Title: tr('privacy.report.title'), Author: report.area.name }, lang: l });
	const chunks: Buffer[] = [];
	doc.on('data', (b: Buffer) => chunks.push(b));
	const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
	doc.registerFont('body', FONT);
	doc.registerFont('bold', FONT_BOLD);

	const heading = (text: string) => doc.moveDown(0.8).font('bold').fontSize(13).text(text).moveDown(0.3);
	const sub = (text: string) => doc.moveDown(0.3).font('bold').fontSize(10).text(text);
	const line = (text: string) => doc.font('body').fontSize(10).text(text);
	const field = (label: string, value: string | null) => line(`${label}: ${value?.trim() || '–'}`);
	const none = (items: unknown[]) => {
		if (items.length === 0) line(tr('privacy.report.none'));
		return items.length === 0;
	};

	doc.font('bold').fontSize(17).text(tr('privacy.report.title'));
	line(tr('privacy.report.intro', { area: report.area.name, date: at(report.producedAt) }));

	const c = report.customer;
	heading(tr('privacy.report.identity'));
	field(tr('privacy.field.name'), c.name);
	field(tr('privacy.field.customerNumber'), c.customerNumber);
	field(tr('privacy.field.phone'), c.phone);
	field(tr('privacy.field.email'), c.email);
	field(tr('privacy.field.language'), code('language', c.language));
	field(tr('privacy.field.personalId'), c.personalIdStored ? tr('privacy.report.personalIdStored') : tr('privacy.report.personalIdNotStored'));
	field(tr('privacy.field.since'), at(c.createdAt));
	if (c.contactCorrectedAt) field(tr('privacy.contactData'), tr('privacy.correctedOn', { date: at(c.contactCorrectedAt) }));

	heading(tr('privacy.report.consents'));
	if (!none(report.consents))
		for (const x of report.consents) {
			sub(tr('privacy.report.consentLine', { version: x.formVersion, date: day(x.givenOn) }));
			field(tr('privacy.field.scope'), x.scope);
			if (x.revokedOn) field(tr('privacy.field.revokedOn'), `${day(x.revokedOn)}${x.revokeReason ? ` (${x.revokeReason})` : ''}`);
		}

	heading(tr('privacy.report.referrals'));
	if (!none(report.referrals))
		for (const r of report.referrals) {
			sub(`${at(r.referredAt)} · ${r.contractNumber} ${r.contractTitle}`);
			field(tr('privacy.field.provider'), r.provider);
			field(tr('privacy.field.status'), code('referralStatus', r.status));
			if (r.needs) field(tr('privacy.field.needs'), r.needs);
			if (r.declineReason) field(tr('privacy.field.reason'), code('declineReason', r.declineReason));
			if (r.withdrawReason) field(tr('privacy.field.reason'), r.withdrawReason);
		}

	heading(tr('privacy.report.participations'));
	if (!none(report.participations))
		for (const p of report.participations) {
			sub(`${p.contractNumber} · ${p.provider}`);
			field(tr('privacy.field.status'), code('participations.status', p.status));
			field(tr('privacy.field.period'), `${day(p.startDate)} – ${day(p.endDate ?? p.plannedEndDate)}`);
			if (p.endReason) field(tr('privacy.field.reason'), code('interruption.reason', p.endReason));
			const present = p.attendance.filter((a) => a.status === 'present').length;
			field(tr('privacy.field.attendance'), tr('privacy.report.attendanceSummary', { present, absent: p.attendance.length - present }));
			for (const a of p.attendance.filter((x) => x.status !== 'present'))
				line(`  ${day(a.day)}: ${code('attendance', a.status)}${a.reason ? `, ${code('absence.reason', a.reason)}` : ''}${a.note ? ` (${a.note})` : ''}`);
			for (const m of p.meetings)
				line(
					`  ${day(m.day)} ${m.startTime}, ${m.durationMinutes} min: ${code('meeting.mode', m.mode)}${m.cancelled ? ` (${tr('privacy.report.cancelled')})` : ''}`
				);
		}

	heading(tr('privacy.report.notices'));
	if (!none(report.notices))
		for (const n of report.notices) {
			sub(`${day(n.day)} · ${code('notices.kind', n.kind)}`);
			field(tr('privacy.field.status'), code('notices.status', n.status));
			if (n.reason) field(tr('privacy.field.reason'), n.reason);
			if (n.text) field(tr('privacy.field.text'), n.text);
			if (n.decision) field(tr('privacy.field.decision'), `${code('notices.decision', n.decision)}${n.comment ? `: ${n.comment}` : ''}`);
		}

	heading(tr('privacy.report.arvis'));
	if (!none(report.arvis))
		for (const a of report.arvis) {
			sub(`${tr('arvi.doc.title')} · ${code('arvi.status', a.status)}`);
			field(tr('privacy.field.submittedAt'), at(a.submittedAt));
			field(tr('arvi.doc.skills'), a.content.skills);
			field(tr('arvi.doc.suitableWork'), a.content.suitableWork);
			field(tr('arvi.doc.situation'), code('arvi.situation', a.content.situation));
			field(tr('arvi.doc.customerView'), a.content.customerView);
		}

	heading(tr('privacy.report.remarks'));
	if (!none(report.remarks))
		for (const r of report.remarks) {
			sub(`${r.number} · ${code('remarks.category', r.category)} · ${code('remarks.status', r.status)}`);
			line(`${r.contractNumber} · ${r.provider} · ${day(r.observedOn)}`);
			line(r.description);
		}

	heading(tr('privacy.report.invoices'));
	if (!none(report.invoices))
		for (const i of report.invoices)
			line(`${i.number ?? '–'} · ${i.provider} · ${day(i.periodFrom)} – ${day(i.periodUntil)} · ${code('invoices.status', i.status)}`);

	heading(tr('privacy.report.access'));
	if (!none(report.access)) for (const a of report.access) line(`${at(a.at)} · ${a.who ?? '–'} · ${a.action}`);

	const range = doc.bufferedPageRange();
	for (let i = range.start; i < range.start + range.count; i++) {
		doc.switchToPage(i);
		const bottom = doc.page.height - 40;
		doc.page.margins.bottom = 0;
		doc
			.font('body')
			.fontSize(8)
			.text(`${tr('arvi.doc.printed', { date: at(report.producedAt) })} · ${tr('arvi.doc.page', { n: i + 1, total: range.count })}`, 56, bottom, {
				lineBreak: false
			});
	}
	doc.end();
	return done;
}
