/**
 * The pages of participant feedback: the public answer page (no account; `/f/:token`), the coach's QR code and
 * the area's sending on a participation's page, and the results with the free texts' review.
 */
import { fail, type RequestEvent } from '@sveltejs/kit';
import * as v from 'valibot';
import { FEEDBACK_QUESTIONS, FEEDBACK_TEXT_MAX, type FeedbackQuestion } from '$lib/domain/feedback';
import { msg } from '$lib/i18n';
import type { PublicFeedbackKey } from '$lib/i18n/labels/feedback';
import { plainFi } from '$lib/i18n/parts/feedback/plain-fi';
import { auditContext } from '../audit';
import { clientAddress } from '../client-address';
import { config } from '../config';
import { getDb } from '../db';
import { checkForm } from '$lib/forms/form';
import { sendInvitationForm } from '$lib/forms/feedback';
import { field, refuse, validate } from '../forms';
import { text } from '../forms/schemas';
import { participationContext } from '../participations/context';
import { authorizeParticipation, canInOrg } from '../policy';
import { authorizeInWorkspace, resolveInWorkspace } from '../workspace';
import { feedbackFigures, feedbackTexts, reviewFeedbackText, type FeedbackLevel } from './figures';
import { answerFeedback, feedbackTokenUsable, sendFeedbackInvitation, showFeedbackInvitation, throttleFeedback } from './service';

type PublicEvent = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url' | 'setHeaders'> & { params: { token: string } };

/** The shape of every token this service makes (20 random bytes, base32): anything else is not looked up. */
const TOKEN_FORMAT = /^[a-z2-7]{32}$/;

/** The plain-Finnish words when asked for (`?selko=1`), else null (the page uses the catalogue of its language). */
function plainTexts(url: URL): Record<PublicFeedbackKey, string> | null {
	return url.searchParams.get('selko') === '1' ? plainFi : null;
}

/**
 * The public page: no sign-in, no personal data. Every request counts against the token's and the address's
 * limits first; then unknown, used and expired tokens get the same answer.
 */
export async function loadPublicFeedback(event: PublicEvent) {
	// The token is in the URL: not cached, and not handed on in a Referer.
	event.setHeaders({ 'cache-control': 'no-store' });
	const plain = plainTexts(event.url);
	const db = await getDb();
	const token = event.params.token.toLowerCase();
	if (!(await throttleFeedback(db, event.locals.clock, token, clientAddress(event)))) return { state: 'throttled' as const, plain };
	const usable = TOKEN_FORMAT.test(token) && (await feedbackTokenUsable(db, token, event.locals.clock()));
	return { state: usable ? ('open' as const) : ('unavailable' as const), plain };
}

const score = v.pipe(v.string(), v.picklist(['1', '2', '3', '4', '5'], 'choose'), v.transform(Number));
const answerSchema = v.object({
	...(Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [q, score])) as Record<FeedbackQuestion, typeof score>),
	freeText: v.pipe(
		text(FEEDBACK_TEXT_MAX),
		v.transform((s) => (s === '' ? null : s))
	)
});

/** One answer for a usable token; bad input changes nothing and says what to fix, keeping what was chosen. */
export async function answerPublicFeedback(event: PublicEvent) {
	const db = await getDb();
	const token = event.params.token.toLowerCase();
	if (!(await throttleFeedback(db, event.locals.clock, token, clientAddress(event)))) return fail(429, { state: 'throttled' as const });
	const data = await event.request.formData();
	const input = Object.fromEntries([...FEEDBACK_QUESTIONS, 'freeText'].map((k) => [k, field(data, k)]));
	const parsed = validate(answerSchema, input);
	if (!parsed.ok) {
		const values = Object.fromEntries(FEEDBACK_QUESTIONS.map((q) => [q, input[q]]));
		return fail(400, { errors: parsed.errors, values: { ...values, freeText: input.freeText.slice(0, FEEDBACK_TEXT_MAX) } });
	}
	const { freeText, ...scores } = parsed.value;
	const ok = TOKEN_FORMAT.test(token) && (await answerFeedback(db, auditContext(event), token, scores, freeText));
	// Unknown, used and expired tokens: the same answer, whichever it was.
	if (!ok) return fail(404, { state: 'unavailable' as const });
	return { state: 'thanks' as const };
}

type ParticipationEvent = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string; participationId?: string } };

async function participationFor(event: ParticipationEvent, action: 'feedback.show' | 'feedback.send') {
	const { scope } = await resolveInWorkspace(event, event.params.participationId, {
		load: participationContext,
		authorize: (a, p) => authorizeParticipation(a, action, p)
	});
	return scope;
}

/** The coach shows the invitation as a QR code and a short link (a new token each time). */
export async function showFeedbackAction(event: ParticipationEvent) {
	const p = await participationFor(event, 'feedback.show');
	const r = await showFeedbackInvitation(await getDb(), auditContext(event, event.params.orgId), p, event.url.origin);
	if (!r.ok) return refuse(r.error, { action: 'feedbackShow' });
	const QRCode = (await import('qrcode')).default;
	const qrSvg = await QRCode.toString(r.link, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
	return { action: 'feedbackShow', feedback: { link: r.link, qrSvg, expiresOn: r.expiresOn } };
}

/** The area sends the invitation to the customer's e-mail or phone on record, by the channel it chose. */
export async function sendFeedbackAction(event: ParticipationEvent) {
	const p = await participationFor(event, 'feedback.send');
	const checked = checkForm(sendInvitationForm, await event.request.formData());
	if (!checked.ok) return fail(400, { action: 'feedbackSend', errors: checked.errors, message: msg('errors.checkFields') });
	const r = await sendFeedbackInvitation(await getDb(), auditContext(event, event.params.orgId), p, config.publicOrigin, checked.value.channel);
	if (!r.ok) return refuse(r.error, { action: 'feedbackSend', values: { channel: checked.value.channel } });
	return { action: 'feedbackSend', success: msg('feedback.sent') };
}

type WorkspaceEvent = Pick<RequestEvent, 'locals' | 'request' | 'getClientAddress' | 'url'> & { params: { orgId: string } };

const LEVELS: Record<'area' | 'provider', FeedbackLevel[]> = { area: ['cohort', 'contract', 'provider'], provider: ['cohort', 'contract'] };

/** The results page of an area or a provider: figures of 5+ answers, the released texts, and (area admins) the texts to review. */
export async function loadFeedbackResults(event: WorkspaceEvent, kind: 'area' | 'provider') {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'feedback.results', orgId, kind);
	const asked = event.url.searchParams.get('by');
	const by = LEVELS[kind].find((l) => l === asked) ?? 'cohort';
	const db = await getDb();
	const [rows, [total], texts] = await Promise.all([
		feedbackFigures(db, actor, orgId, { by }),
		feedbackFigures(db, actor, orgId, { by: 'organisation' }),
		feedbackTexts(db, auditContext(event, orgId), actor, orgId)
	]);
	return { by, levels: LEVELS[kind], rows, total: total ?? null, texts, canReview: canInOrg(actor, 'feedback.reviewText', orgId) };
}

const reviewSchema = v.variant('decision', [
	v.object({ decision: v.literal('release'), answerId: v.pipe(v.string(), v.uuid('notFound')), text: v.pipe(text(FEEDBACK_TEXT_MAX), v.nonEmpty('required')) }),
	v.object({ decision: v.literal('withhold'), answerId: v.pipe(v.string(), v.uuid('notFound')) })
]);

/** The area's admin releases a free text (maybe with a name removed) or withholds it. */
export async function reviewTextAction(event: WorkspaceEvent) {
	const orgId = event.params.orgId;
	const actor = authorizeInWorkspace(event.locals.actor, 'feedback.reviewText', orgId, 'area');
	const data = await event.request.formData();
	const input = { decision: field(data, 'decision'), answerId: field(data, 'answerId'), text: field(data, 'text') };
	const parsed = validate(reviewSchema, input);
	if (!parsed.ok) return fail(400, { answerId: input.answerId, errors: parsed.errors, message: msg('errors.invalidInput') });
	const d = parsed.value;
	const r = await reviewFeedbackText(
		await getDb(),
		auditContext(event, orgId),
		actor,
		orgId,
		d.answerId,
		d.decision === 'release' ? { kind: 'release', text: d.text } : { kind: 'withhold' }
	);
	if (!r.ok) return refuse(r.error, { answerId: d.answerId });
	return { answerId: d.answerId, success: msg(d.decision === 'release' ? 'feedback.released' : 'feedback.withheld') };
}
