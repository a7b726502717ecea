import { eq, sql, type Placeholder } from 'drizzle-orm';
import type { Clock } from '$lib/domain/clock';
import { isRole, type OrganisationKind, type Role } from '$lib/domain/roles';
import { jsonValue, preparedOnce, type DbOrTx } from '../db/client';
import { sessions, users, type Session, type User } from '../db/schema';
import { requiresMfa, type Actor, type ActorAssignment, type ActorMembership } from '../policy';
import { keepSessionAlive, sessionIdFromToken } from './session';

interface MembershipRow {
	organisationId: string;
	role: string;
	kind: OrganisationKind;
	name: string;
	nameSv: string | null;
}

// Both below are subqueries of a query over `users`, written "users"."id": drizzle leaves a column of a
// one-table query unqualified, which inside the subquery would name the subquery's own id.

/** The user's memberships (one row per role) as a JSON array, ordered by organisation name; a deactivated organisation gives none. */
function membershipsJson() {
	return sql<
		MembershipRow[] | string
	>`(select coalesce(json_agg(json_build_object('organisationId', m.organisation_id, 'role', m.role, 'kind', o.kind, 'name', o.name, 'nameSv', o.name_sv) order by o.name, m.role), '[]'::json)
		from memberships m join organisations o on o.id = m.organisation_id where m.user_id = "users"."id" and o.deactivated_at is null)`;
}

/**
 * The user's assignments valid on `today` as a JSON array; none with a deactivated provider or area. Joined by
 * the organisations' keys (both columns are required foreign keys): as `not exists (… deactivated_at is not
 * null)` the generic plan read the whole organisations table twice per assignment, on every signed-in request
 * (77 → 26 buffers for a coach with three assignments).
 */
function assignmentsJson(today: string | Placeholder) {
	return sql<
		ActorAssignment[] | string
	>`(select coalesce(json_agg(json_build_object('providerId', a.provider_id, 'areaId', a.area_id, 'contractId', a.contract_id,
			'cohortId', a.cohort_id, 'validFrom', a.valid_from, 'validUntil', a.valid_until)), '[]'::json)
		from assignments a join organisations p on p.id = a.provider_id join organisations ar on ar.id = a.area_id
		where a.user_id = "users"."id" and a.valid_from <= ${today}::date and a.valid_until >= ${today}::date
			and p.deactivated_at is null and ar.deactivated_at is null)`;
}

/**
 * What the layout shows on every page: unread notifications and pending invitations to other organisations,
 * counted in the same statement as the session (each by its index), not in two more round trips.
 */
function badgeCounts() {
	return {
		unread: sql<number>`(select count(*)::int from notifications n where n.user_id = "users"."id" and n.read_at is null)`,
		invitations: sql<number>`(select count(*)::int from membership_invitations i where i.user_id = "users"."id")`
	};
}

export interface BadgeCounts {
	unread: number;
	invitations: number;
}

function actorOf(userId: string, today: string, rows: MembershipRow[], assignments: ActorAssignment[]): Actor {
	const byOrg = new Map<string, ActorMembership>();
	for (const r of rows) {
		if (!isRole(r.role)) continue;
		const m = byOrg.get(r.organisationId) ?? {
			organisationId: r.organisationId,
			kind: r.kind,
			name: r.name,
			nameSv: r.nameSv,
			roles: [] as Role[]
		};
		m.roles.push(r.role);
		byOrg.set(r.organisationId, m);
	}
	return { userId, memberships: [...byOrg.values()], assignments, today };
}

/** Builds the actor: memberships with their roles, and only the assignments valid on `today`. */
export async function loadActor(db: DbOrTx, userId: string, today: string): Promise<Actor> {
	const [row] = await db
		.select({ memberships: membershipsJson(), assignments: assignmentsJson(today) })
		.from(users)
		.where(eq(users.id, userId));
	return actorOf(userId, today, row ? jsonValue(row.memberships) : [], row ? jsonValue(row.assignments) : []);
}

export type AuthenticatedSession =
	| { session: Session; user: User; actor: Actor | null; mfaPending: boolean; counts: BadgeCounts }
	| { session: null; user: null; actor: null; mfaPending: false; counts: null };

/**
 * A request's session, user, actor and the layout's badge counts in one statement (every request pays for
 * this, so it is one round trip, not six). `actor` is null while the second factor the user's roles require is not done yet.
 * The statement runs on `reads` when given (the app passes `Database.plannedReads`): each of its parts looks rows up
 * by a key, so its one generic plan is the plan, and PostgreSQL no longer plans it afresh on every request (1.2 ms
 * of its CPU per page; bench/RESULTS.md). The session's renewal is written on `db`.
 */
export async function authenticateSession(db: DbOrTx, clock: Clock, token: string, today: string, reads: DbOrTx = db): Promise<AuthenticatedSession> {
	const query = preparedOnce(reads, 'auth_session', (d) =>
		d
			.select({
				session: sessions,
				user: users,
				memberships: membershipsJson(),
				assignments: assignmentsJson(sql.placeholder('today')),
				...badgeCounts()
			})
			.from(sessions)
			.innerJoin(users, eq(sessions.userId, users.id))
			.where(eq(sessions.id, sql.placeholder('id')))
			.prepare('auth_session')
	);
	const [row] = await query.execute({ id: sessionIdFromToken(token), today });
	const { session, user } = await keepSessionAlive(db, clock, row);
	if (!session || !row) return { session: null, user: null, actor: null, mfaPending: false, counts: null };
	const actor = actorOf(user.id, today, jsonValue(row.memberships), jsonValue(row.assignments));
	const mfaPending = !session.twoFactorVerified && requiresMfa(actorRoles(actor));
	return { session, user, actor: mfaPending ? null : actor, mfaPending, counts: { unread: Number(row.unread), invitations: Number(row.invitations) } };
}

export function actorRoles(actor: Actor): Role[] {
	return actor.memberships.flatMap((m) => m.roles);
}
