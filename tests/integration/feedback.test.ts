/**
 * Anonymous participant feedback (issue 19): a participation's end makes the invitation; the coach shows it as a
 * QR code and a short link; the participant answers without an account, once; the answer cannot be traced back;
 * unknown, used and expired links look the same; the public page is throttled per link and per address; results
 * appear only with 5 answers; free texts only after the area's release; another area or provider sees nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/lib/server/db/client';
import { useDatabaseForTests } from '../../src/lib/server/db';
import { auditLog, customers, emailOutbox, feedbackAnswers, feedbackInvitations, participations } from '../../src/lib/server/db/schema';
import { changeParticipation } from '../../src/lib/server/participations/service';
import { feedbackFigures } from '../../src/lib/server/feedback/figures';
import { FEEDBACK_LIMITS } from '../../src/lib/server/feedback/service';
import type { loadFeedbackResults } from '../../src/lib/server/feedback/pages';
import { setSmsSenderForTests } from '../../src/lib/server/feedback/sms';
import { maskPath } from '../../src/lib/server/logger';
import { load as publicLoad, actions as publicActions } from '../../src/routes/f/[token]/+page.server';
import { actions as providerParticipationActions } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as providerParticipationPage } from '../../src/routes/provider/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import {
	actions as areaParticipationActions,
	load as areaParticipationPage
} from '../../src/routes/area/[orgId=uuid]/participations/[participationId=uuid]/+page.server';
import { load as areaResults, actions as areaResultsActions } from '../../src/routes/area/[orgId=uuid]/feedback/+page.server';
import { load as providerResults } from '../../src/routes/provider/[orgId=uuid]/feedback/+page.server';
import type { Actor } from '../../src/lib/server/policy';
import { loadActor } from '../../src/lib/server/auth/actor';
import { createTestDatabase } from './helpers/db';
import { makeEvent, statusOf } from './helpers/event';
import { makeUser, testClock } from './helpers/fixtures';
import { participationSetting } from './helpers/participations';

let database: Database;
const c = testClock('2026-11-23T08:00:00Z');
const TODAY = '2026-11-23';

beforeAll(async () => {
	database = await createTestDatabase();
	useDatabaseForTests(database);
});
afterAll(() => database.close());
afterEach(() => setSmsSenderForTests(undefined));

let addressN = 0;
/** A client address of its own for each test, so that the per-address limit of one does not touch another. */
const freshAddress = () => `192.0.2.${++addressN}`;

/** The public page's request, with nobody signed in. */
function publicEvent(token: string, address: string, form?: Record<string, string>) {
	const base = makeEvent({ actor: null, clock: c.clock, params: { token }, url: `http://localhost/f/${token}`, form }) as Record<string, unknown>;
	return { ...base, getClientAddress: () => address, setHeaders: () => {} } as never;
}

/** What a handler ended with, as the browser sees it. */
async function outcome(run: () => unknown): Promise<{ status: number; data: Record<string, unknown> }> {
	try {
		const out = (await run()) as Record<string, unknown> & { status?: number; data?: Record<string, unknown> };
		if (out && typeof out.status === 'number' && out.data) return { status: out.status, data: out.data };
		return { status: 200, data: out };
	} catch (e) {
		if (e && typeof e === 'object' && 'status' in e) return { status: (e as { status: number }).status, data: {} };
		throw e;
	}
}

type Results = Awaited<ReturnType<typeof loadFeedbackResults>>;

const GOOD = { content: '4', coachSupport: '5', usefulness: '3', recommend: '4', freeText: '' };

/** A cohort of `n` customers whose service has ended, each with an invitation. */
async function endedCohort(n: number) {
	const s = await participationSetting(database, c.clock, { customers: n, cohort: true, start: '2026-11-02' });
	const coach = (await s.coachActor())!;
	for (const id of s.participationIds) {
		for (const change of [
			{ kind: 'start', day: '2026-11-02' },
			{ kind: 'complete', day: '2026-11-20' }
		] as const) {
			const [{ version }] = await database.db.select({ version: participations.version }).from(participations).where(eq(participations.id, id));
			const r = await changeParticipation(database.db, s.cctx, coach, id, version, change);
			if (!r.ok) throw new Error(`${change.kind}: ${r.error}`);
		}
	}
	return { s, coach };
}

/** The coach shows participation `i`'s invitation: the short link's token. */
async function showToken(s: Awaited<ReturnType<typeof endedCohort>>['s'], coach: Actor, i: number): Promise<string> {
	const out = await outcome(() =>
		providerParticipationActions.feedbackShow(
			makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId, participationId: s.participationIds[i] }, url: 'http://localhost/x', form: {} })
		)
	);
	expect(out.status).toBe(200);
	const fb = out.data.feedback as { link: string; qrSvg: string };
	expect(fb.qrSvg).toContain('<svg');
	const m = /^http:\/\/localhost\/f\/([a-z2-7]{32})$/.exec(fb.link);
	expect(m, fb.link).not.toBeNull();
	return m![1];
}

async function answer(token: string, address: string, form: Record<string, string> = GOOD) {
	return outcome(() => publicActions.default(publicEvent(token, address, form)));
}

const auditRows = (action: string) =>
	database.db
		.select()
		.from(auditLog)
		.where(eq(auditLog.action, action as never));

describe('the invitation and the answer', () => {
	it('ending a participation makes an invitation; the coach shows a QR code; the participant answers once without an account', async () => {
		const { s, coach } = await endedCohort(1);
		const [pid] = s.participationIds;
		const invitations = await database.db.select().from(feedbackInvitations).where(eq(feedbackInvitations.participationId, pid));
		expect(invitations).toHaveLength(1);
		expect(invitations[0].expiresAt.toISOString()).toBe(new Date(c.clock().getTime() + 30 * 86_400_000).toISOString());
		expect((await auditRows('feedback.invitation_create')).some((a) => a.targetIds.includes(pid) && a.customerIds.includes(s.customerIds[0]))).toBe(true);

		// The coach's page says until when it can be answered.
		const page = (await providerParticipationPage(
			makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url: 'http://localhost/x' })
		)) as { feedback: { open: boolean; expiresOn: string }; canShowFeedback: boolean };
		expect(page.feedback).toMatchObject({ open: true, expiresOn: '2026-12-23' });
		expect(page.canShowFeedback).toBe(true);

		const token = await showToken(s, coach, 0);
		expect((await auditRows('feedback.invitation_show')).some((a) => a.customerIds.includes(s.customerIds[0]))).toBe(true);
		// Only a hash of the token is stored.
		const [stored] = await database.db.select().from(feedbackInvitations).where(eq(feedbackInvitations.participationId, pid));
		expect(stored.tokenHash).not.toContain(token);
		expect(JSON.stringify(stored)).not.toContain(token);

		const address = freshAddress();
		const opened = await outcome(() => publicLoad(publicEvent(token, address)));
		expect(opened.data.state).toBe('open');

		const done = await answer(token, address, { ...GOOD, freeText: 'Hyvä kurssi, kiitos!' });
		expect(done).toMatchObject({ status: 200, data: { state: 'thanks' } });
		const answers = await database.db.select().from(feedbackAnswers).where(eq(feedbackAnswers.contractId, s.contractId));
		expect(answers).toHaveLength(1);
		expect(answers[0]).toMatchObject({ content: 4, coachSupport: 5, usefulness: 3, recommend: 4, textStatus: 'pending', answeredMonth: '2026-11' });
		// Nothing on the answer leads to the customer: no participation, customer, token or time.
		const columns = Object.keys(answers[0]);
		for (const banned of ['participationId', 'customerId', 'tokenHash', 'invitationId', 'createdAt']) expect(columns).not.toContain(banned);
		const [used] = await database.db.select().from(feedbackInvitations).where(eq(feedbackInvitations.participationId, pid));
		expect(used).toMatchObject({ answered: true, tokenHash: null });
		// The audit entry of the answer names the contract, and no person or address.
		const [answered] = (await auditRows('feedback.answer')).filter((a) => a.targetIds.includes(s.contractId));
		expect(answered).toMatchObject({ userId: null, ip: null, customerIds: [] });

		// Once only: the same link again gets the "cannot be used" answer and stores nothing.
		const again = await answer(token, address);
		expect(again).toMatchObject({ status: 404, data: { state: 'unavailable' } });
		expect(await database.db.select().from(feedbackAnswers).where(eq(feedbackAnswers.contractId, s.contractId))).toHaveLength(1);
		expect((await outcome(() => publicLoad(publicEvent(token, address)))).data.state).toBe('unavailable');

		// The coach's page now says it can no longer be answered, and showing it is refused.
		const after = (await providerParticipationPage(
			makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url: 'http://localhost/x' })
		)) as { feedback: { open: boolean } };
		expect(after.feedback.open).toBe(false);
		const refused = await outcome(() =>
			providerParticipationActions.feedbackShow(
				makeEvent({ actor: coach, clock: c.clock, params: { orgId: s.providerId, participationId: pid }, url: 'http://localhost/x', form: {} })
			)
		);
		expect(refused).toMatchObject({ status: 400, data: { message: 'errors.feedbackUnavailable' } });
	});

	it('showing the code again replaces the earlier link; unknown, used and expired links get the same answer', async () => {
		const { s, coach } = await endedCohort(2);
		const address = freshAddress();
		const first = await showToken(s, coach, 0);
		const second = await showToken(s, coach, 0);
		expect(second).not.toBe(first);
		const used = await showToken(s, coach, 1);
		expect((await answer(used, address)).status).toBe(200);

		const unknown = 'abcdefghijklmnopqrstuvwxyz234567';
		const replaced = await answer(first, address);
		const again = await answer(used, address);
		const nonsense = await answer('not-a-token', address);
		const unknownAnswer = await answer(unknown, address);
		c.advance(31 * 86_400_000);
		try {
			const expired = await answer(second, address);
			const loads = await Promise.all([first, used, unknown, second].map((t) => outcome(() => publicLoad(publicEvent(t, address)))));
			for (const out of [replaced, again, nonsense, unknownAnswer, expired]) expect(out).toEqual({ status: 404, data: { state: 'unavailable' } });
			for (const out of loads) expect(out).toEqual({ status: 200, data: { state: 'unavailable', plain: null } });
		} finally {
			c.advance(-31 * 86_400_000);
		}
		// The expired one was not used up by the attempt: it still was never answered.
		const [open] = await database.db.select().from(feedbackInvitations).where(eq(feedbackInvitations.participationId, s.participationIds[0]));
		expect(open.answered).toBe(false);
	});

	it('bad input says what to fix, keeps the choices and uses nothing up', async () => {
		const { s, coach } = await endedCohort(1);
		const token = await showToken(s, coach, 0);
		const address = freshAddress();
		const bad = await answer(token, address, { content: '7', coachSupport: '', usefulness: '3', recommend: '4', freeText: 'x'.repeat(2001) });
		expect(bad.status).toBe(400);
		expect(bad.data.errors).toMatchObject({ content: 'errors.choose', coachSupport: 'errors.choose', freeText: 'errors.tooLong' });
		expect(bad.data.values).toMatchObject({ usefulness: '3', recommend: '4' });
		expect(await database.db.select().from(feedbackAnswers).where(eq(feedbackAnswers.contractId, s.contractId))).toHaveLength(0);
		expect((await answer(token, address)).status).toBe(200);
	});

	it('the plain-Finnish page is offered with ?selko=1', async () => {
		const out = await outcome(() =>
			publicLoad({ ...(publicEvent('abcdefghijklmnopqrstuvwxyz234567', freshAddress()) as object), url: new URL('http://localhost/f/x?selko=1') } as never)
		);
		expect((out.data.plain as Record<string, string>)['feedback.public.title']).toBe('Kerro, mitä mieltä olit');
	});

	it('the logs and the development outbox never show a live token', () => {
		expect(maskPath('/f/abcdefghijklmnopqrstuvwxyz234567')).toBe('/f/…');
		expect(maskPath('/reset-password/abc')).toBe('/reset-password/…');
		expect(maskPath('/forgot-password')).toBe('/forgot-password');
	});
});

describe('the public page is throttled', () => {
	it('per link: after the limit the same link is refused, also a valid one, and not used up', async () => {
		const { s, coach } = await endedCohort(1);
		const token = await showToken(s, coach, 0);
		for (let i = 0; i < FEEDBACK_LIMITS.token.max; i++) {
			expect((await outcome(() => publicLoad(publicEvent(token, freshAddress())))).data.state).toBe('open');
		}
		expect((await outcome(() => publicLoad(publicEvent(token, freshAddress())))).data.state).toBe('throttled');
		expect(await answer(token, freshAddress())).toEqual({ status: 429, data: { state: 'throttled' } });
		expect(await database.db.select().from(feedbackAnswers).where(eq(feedbackAnswers.contractId, s.contractId))).toHaveLength(0);
		// A window later it works again.
		c.advance(FEEDBACK_LIMITS.token.windowMs + 1000);
		try {
			expect((await answer(token, freshAddress())).status).toBe(200);
		} finally {
			c.advance(-(FEEDBACK_LIMITS.token.windowMs + 1000));
		}
	});

	it('per address: guessing many links from one address is stopped', async () => {
		const address = freshAddress();
		const guess = (i: number) =>
			`${String(i)
				.padStart(6, 'a')
				.replace(/[0189]/g, 'b')}${'c'.repeat(26)}`;
		for (let i = 0; i < FEEDBACK_LIMITS.address.max; i++) {
			expect((await outcome(() => publicLoad(publicEvent(guess(i), address)))).data.state).toBe('unavailable');
		}
		expect((await outcome(() => publicLoad(publicEvent(guess(999), address)))).data.state).toBe('throttled');
		// Another address is not affected.
		expect((await outcome(() => publicLoad(publicEvent(guess(999), freshAddress())))).data.state).toBe('unavailable');
	});
});

describe('results and free texts', () => {
	it('figures appear only with 5 answers; free texts only after the area has released them; another area or provider sees nothing', async () => {
		const { s, coach } = await endedCohort(6);
		const areaAdmin = (await loadActor(database.db, (await makeUser(database.db, { org: s.area.id, roles: ['area_admin'] })).id, TODAY))!;
		const officer = (await s.officerActor())!;
		const providerAdmin = (await s.adminActor())!;
		const address = freshAddress();
		const scores = [
			{ content: '5', coachSupport: '5', usefulness: '4', recommend: '5' },
			{ content: '4', coachSupport: '5', usefulness: '3', recommend: '4' },
			{ content: '3', coachSupport: '4', usefulness: '2', recommend: '3' },
			{ content: '4', coachSupport: '4', usefulness: '4', recommend: '4' },
			{ content: '5', coachSupport: '3', usefulness: '5', recommend: '5' }
		];
		const texts = ['Valmentaja Matti Meikäläinen auttoi paljon.', 'Liian lyhyt kurssi.', '', '', ''];
		for (let i = 0; i < 4; i++) expect((await answer(await showToken(s, coach, i), address, { ...scores[i], freeText: texts[i] })).status).toBe(200);

		const areaPage = (actor: Actor, by = 'cohort') =>
			areaResults(makeEvent({ actor, clock: c.clock, params: { orgId: s.area.id }, url: `http://localhost/x?by=${by}` })) as Promise<Results>;
		const providerPage = () =>
			providerResults(makeEvent({ actor: providerAdmin, clock: c.clock, params: { orgId: s.providerId }, url: 'http://localhost/x' })) as Promise<Results>;

		// Four answers: "fewer than 5", no figure at all (not even the count).
		const four = await areaPage(areaAdmin);
		expect(four.rows).toHaveLength(1);
		expect(four.rows[0]).toMatchObject({ enough: false, answers: null, invited: null, responseRate: null, averages: null, cohortId: s.cohortId });
		expect(four.total).toMatchObject({ enough: false, averages: null });
		// The admin sees the two texts waiting for review; nobody sees a released one yet.
		expect(four.canReview).toBe(true);
		expect(four.texts.pending.map((x) => x.text).sort()).toEqual([texts[1], texts[0]].sort());
		expect(four.texts.released).toEqual([]);
		const officerView = await areaPage(officer);
		expect(officerView.canReview).toBe(false);
		expect(officerView.texts.pending).toEqual([]);
		expect((await providerPage()).texts).toEqual({ pending: [], released: [] });

		// The fifth answer: figures appear (one decimal), with the response rate 5 of 6.
		expect((await answer(await showToken(s, coach, 4), address, { ...scores[4], freeText: '' })).status).toBe(200);
		const five = await areaPage(areaAdmin);
		expect(five.rows[0]).toMatchObject({
			enough: true,
			answers: 5,
			invited: 6,
			responseRate: 83,
			averages: { content: 4.2, coachSupport: 4.2, usefulness: 3.6, recommend: 4.2 }
		});
		for (const by of ['contract', 'provider'] as const) expect((await areaPage(areaAdmin, by)).rows[0]).toMatchObject({ enough: true, answers: 5 });
		const own = await providerPage();
		expect(own.rows[0]).toMatchObject({ enough: true, answers: 5, averages: { content: 4.2 } });

		// The admin removes the name and releases one text, withholds the other.
		const [named, short] = [five.texts.pending.find((x) => x.text === texts[0])!, five.texts.pending.find((x) => x.text === texts[1])!];
		const review = (actor: Actor, form: Record<string, string>) =>
			outcome(() => areaResultsActions.review(makeEvent({ actor, clock: c.clock, params: { orgId: s.area.id }, url: 'http://localhost/x', form })));
		// A case officer may not; an empty release is refused; neither changes anything.
		expect((await review(officer, { answerId: named.id, decision: 'release', text: 'x' })).status).toBe(403);
		expect((await review(areaAdmin, { answerId: named.id, decision: 'release', text: '  ' })).status).toBe(400);
		expect((await review(areaAdmin, { answerId: named.id, decision: 'release', text: 'Valmentaja [nimi poistettu] auttoi paljon.' })).status).toBe(200);
		expect((await review(areaAdmin, { answerId: short.id, decision: 'withhold' })).status).toBe(200);
		const [withheld] = await database.db.select().from(feedbackAnswers).where(eq(feedbackAnswers.id, short.id));
		expect(withheld).toMatchObject({ textStatus: 'withheld', freeText: null });

		const released = await providerPage();
		expect(released.texts.released.map((x) => x.text)).toEqual(['Valmentaja [nimi poistettu] auttoi paljon.']);
		expect(JSON.stringify(released)).not.toContain('Meikäläinen');
		expect((await areaPage(officer)).texts.released).toHaveLength(1);
		expect((await auditRows('feedback.text_release')).some((a) => a.targetIds.includes(named.id))).toBe(true);
		expect((await auditRows('feedback.text_withhold')).some((a) => a.targetIds.includes(short.id))).toBe(true);
		expect((await auditRows('feedback.texts_read')).some((a) => a.organisationId === s.providerId && a.targetIds.includes(named.id))).toBe(true);

		// Another area and provider: nothing of these, on their own pages or through the scorecard's function.
		const o = await participationSetting(database, c.clock, { customers: 1 });
		const otherArea = (await loadActor(database.db, (await makeUser(database.db, { org: o.area.id, roles: ['area_admin'] })).id, TODAY))!;
		const otherProvider = (await o.adminActor())!;
		const theirs = (await areaResults(makeEvent({ actor: otherArea, clock: c.clock, params: { orgId: o.area.id }, url: 'http://localhost/x' }))) as {
			rows: unknown[];
			total: unknown;
			texts: { released: unknown[]; pending: unknown[] };
		};
		expect(theirs).toMatchObject({ rows: [], total: null, texts: { released: [], pending: [] } });
		expect(await statusOf(() => areaResults(makeEvent({ actor: otherArea, clock: c.clock, params: { orgId: s.area.id }, url: 'http://localhost/x' })))).toBe(
			403
		);
		expect(
			await statusOf(() => providerResults(makeEvent({ actor: otherProvider, clock: c.clock, params: { orgId: s.providerId }, url: 'http://localhost/x' })))
		).toBe(403);
		expect(await feedbackFigures(database.db, otherArea, s.area.id, { by: 'cohort' })).toEqual([]);
		expect(await feedbackFigures(database.db, otherProvider, o.providerId, { by: 'contract', contractId: s.contractId })).toEqual([]);
		// Nor may another area's admin review this area's texts.
		expect((await review(otherArea, { answerId: named.id, decision: 'withhold' })).status).toBe(403);
		const [still] = await database.db.select().from(feedbackAnswers).where(eq(feedbackAnswers.id, named.id));
		expect(still.textStatus).toBe('released');
	});

	it('the scorecard’s function: per provider within the area, and the area’s own average', async () => {
		const { s, coach } = await endedCohort(5);
		const address = freshAddress();
		for (let i = 0; i < 5; i++)
			await answer(await showToken(s, coach, i), address, { content: String(1 + i), coachSupport: '5', usefulness: '5', recommend: '5' });
		const areaAdmin = (await loadActor(database.db, (await makeUser(database.db, { org: s.area.id, roles: ['area_admin'] })).id, TODAY))!;
		const [byProvider] = await feedbackFigures(database.db, areaAdmin, s.area.id, { by: 'provider', providerId: s.providerId });
		expect(byProvider).toMatchObject({ providerId: s.providerId, enough: true, answers: 5, averages: { content: 3 } });
		const [area] = await feedbackFigures(database.db, areaAdmin, s.area.id, { by: 'organisation' });
		expect(area).toMatchObject({ providerId: null, contractId: null, enough: true, answers: 5 });
		// The provider's coach has no right to the figures.
		expect(await feedbackFigures(database.db, coach, s.providerId, { by: 'organisation' })).toEqual([]);
	});
});

describe('the area sends the invitation', () => {
	it('by the channel the area chooses: e-mail through the outbox, SMS only when configured, refused without an address; another area gets 404', async () => {
		const { s } = await endedCohort(1);
		const [pid] = s.participationIds;
		const [customerId] = s.customerIds;
		const officer = (await s.officerActor())!;
		const send = (actor: Actor, orgId = s.area.id, channel: string = 'sms') =>
			outcome(() =>
				areaParticipationActions.feedbackSend(
					makeEvent({ actor, clock: c.clock, params: { orgId, participationId: pid }, url: 'http://localhost/x', form: { channel } })
				)
			);
		const page = async () =>
			(
				(await areaParticipationPage(
					makeEvent({ actor: officer, clock: c.clock, params: { orgId: s.area.id, participationId: pid }, url: 'http://localhost/x' })
				)) as { feedbackChannels: unknown }
			).feedbackChannels;
		const sendCount = async () => (await auditRows('feedback.invitation_send')).filter((a) => a.customerIds.includes(customerId)).length;

		// Nothing on record: the page offers no channel; each channel is refused with its own reason, nothing sent.
		setSmsSenderForTests(null);
		expect(await page()).toEqual({ email: false, sms: false, phone: false, smsOn: false });
		expect(await send(officer, s.area.id, 'email')).toMatchObject({ status: 400, data: { message: 'errors.feedbackNoEmail' } });
		expect(await send(officer, s.area.id, 'sms')).toMatchObject({ status: 400, data: { message: 'errors.feedbackSmsOff' } });
		// No channel chosen, or a made-up one: the field says what to fix.
		for (const bad of ['', 'fax'])
			expect(await send(officer, s.area.id, bad)).toMatchObject({ status: 400, data: { errors: { channel: 'errors.feedbackChannelRequired' } } });
		setSmsSenderForTests({ send: async () => undefined });
		expect(await send(officer, s.area.id, 'sms')).toMatchObject({ status: 400, data: { message: 'errors.feedbackNoPhone' } });
		expect(await sendCount()).toBe(0);

		// A phone on record but SMS off: e-mail is not possible either, SMS is refused.
		setSmsSenderForTests(null);
		await database.db.update(customers).set({ phone: '+358401234567' }).where(eq(customers.id, customerId));
		expect(await page()).toEqual({ email: false, sms: false, phone: true, smsOn: false });
		expect(await send(officer)).toMatchObject({ status: 400, data: { message: 'errors.feedbackSmsOff' } });

		// SMS configured: the page offers it and the message carries a short link.
		const texts: { to: string; text: string }[] = [];
		setSmsSenderForTests({ send: async (m) => void texts.push(m) });
		expect(await page()).toEqual({ email: false, sms: true, phone: true, smsOn: true });
		expect(await send(officer)).toMatchObject({ status: 200, data: { success: 'feedback.sent' } });
		expect(texts).toHaveLength(1);
		expect(texts[0].to).toBe('+358401234567');
		expect(texts[0].text).toMatch(/\/f\/[a-z2-7]{32} /);

		// With an e-mail the area may choose e-mail: through the outbox, in the customer's language; the newest link is the one that works.
		await database.db.update(customers).set({ email: 'asiakas@example.fi' }).where(eq(customers.id, customerId));
		expect(await page()).toEqual({ email: true, sms: true, phone: true, smsOn: true });
		expect((await send(officer, s.area.id, 'email')).status).toBe(200);
		const [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, 'asiakas@example.fi'));
		expect(mail.subject).toBe('Anna palautetta palvelusta');
		const token = /\/f\/([a-z2-7]{32})/.exec(mail.body)![1];
		const smsToken = /\/f\/([a-z2-7]{32})/.exec(texts[0].text)![1];
		const address = freshAddress();
		expect((await answer(smsToken, address)).status).toBe(404);
		expect((await answer(token, address)).status).toBe(200);
		const sent = (await auditRows('feedback.invitation_send')).filter((a) => a.customerIds.includes(customerId));
		expect(sent).toHaveLength(2);
		// The audit entry names the channel, never the address.
		expect(sent.map((a) => a.changes?.channel?.to).sort()).toEqual(['email', 'sms']);
		expect(JSON.stringify(sent)).not.toContain('asiakas@example.fi');
		expect(JSON.stringify(sent)).not.toContain('+358401234567');
		const [inv] = await database.db.select().from(feedbackInvitations).where(eq(feedbackInvitations.participationId, pid));
		expect(inv.sentVia).toBe('email');

		// Another area's case officer, under either area's URL: not found, nothing sent.
		const o = await participationSetting(database, c.clock, { customers: 1 });
		const before = (await database.db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox))[0].n;
		expect((await send((await o.officerActor())!, o.area.id)).status).toBe(404);
		expect((await send((await o.officerActor())!)).status).toBe(404);
		expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(emailOutbox))[0].n).toBe(before);
		// Another area's participation under this area's URL: not found either.
		expect(
			await statusOf(() =>
				areaParticipationActions.feedbackSend(
					makeEvent({
						actor: officer,
						clock: c.clock,
						params: { orgId: s.area.id, participationId: o.participationIds[0] },
						url: 'http://localhost/x',
						form: {}
					})
				)
			)
		).toBe(404);
	});
});
