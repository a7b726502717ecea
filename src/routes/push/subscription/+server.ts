import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { auditContext, recordAudit } from '$lib/server/audit';
import { getDb } from '$lib/server/db';
import { deleteSubscription, pushEnabled, saveSubscription, subscriptionSchema } from '$lib/server/notifications/push';
import type { RequestHandler } from './$types';

/** The signed-in person's own device subscriptions: nobody else's can be named here. */
async function body(request: Request) {
	try {
		return await request.json();
	} catch {
		error(400, 'invalidInput');
	}
}

export const POST: RequestHandler = async (event) => {
	const actor = event.locals.actor;
	if (!actor) error(401, 'unauthenticated');
	if (!pushEnabled()) error(404, 'notFound');
	const parsed = v.safeParse(subscriptionSchema, await body(event.request));
	if (!parsed.success) error(400, 'invalidInput');
	const db = await getDb();
	await db.transaction(async (tx) => {
		await saveSubscription(tx, event.locals.clock, actor.userId, parsed.output);
		await recordAudit(tx, auditContext(event), { action: 'push.subscribe', targetType: 'user', targetIds: [actor.userId] });
	});
	return json({ ok: true }, { status: 201 });
};

export const DELETE: RequestHandler = async (event) => {
	const actor = event.locals.actor;
	if (!actor) error(401, 'unauthenticated');
	const data = await body(event.request);
	const endpoint = typeof data?.endpoint === 'string' ? data.endpoint.slice(0, 1000) : '';
	await deleteSubscription(await getDb(), actor.userId, endpoint);
	return json({ ok: true });
};
