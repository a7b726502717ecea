import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../src/lib/server/db/client';
import { assignments, auditLog, emailOutbox, memberships, users } from '../../src/lib/server/db/schema';
import { auditCsv, recordAudit, recordAudits, searchAudit, type AuditAction } from '../../src/lib/server/audit';
import { authenticateSession, loadActor } from '../../src/lib/server/auth/actor';
import { deactivateMember, inviteUser, updateUserRoles } from '../../src/lib/server/users/service';
import { createSession, generateSessionToken } from '../../src/lib/server/auth/session';
import { loginWithPassword, resetPassword } from '../../src/lib/server/auth/service';
import { createTestDatabase } from './helpers/db';
import { ctxFor, makeAssignment, makeOrganisation, makeUser, testClock } from './helpers/fixtures';

let database: Database;
const { clock } = testClock();
beforeAll(async () => {
	database = await createTestDatabase();
});
afterAll(() => database.close());

describe('audit log', () => {
	it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
		await recordAudit(database.db, ctxFor(clock), { action: 'test.event' as AuditAction });
		await expect(database.db.execute(sql`update audit_log set action = 'x'`)).rejects.toThrow();
		await expect(database.db.execute(sql`delete from audit_log`)).rejects.toThrow();
		await expect(database.db.execute(sql`truncate audit_log`)).rejects.toThrow();
		const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, 'test.event'));
		expect(rows).toHaveLength(1);
	});

	it('is written in the transaction of the change: a rolled-back change leaves no entry', async () => {
		await expect(
			database.db.transaction(async (tx) => {
				await recordAudit(tx, ctxFor(clock), { action: 'test.rolled_back' as AuditAction });
				throw new Error('the change failed');
			})
		).rejects.toThrow('the change failed');
		expect(await database.db.select().from(auditLog).where(eq(auditLog.action, 'test.rolled_back'))).toHaveLength(0);
	});

	it('stores every field of several entries written at once, the same on the pool and in a transaction; no changes is NULL, not JSON null', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
		const ctx = { ...ctxFor(clock, null, area.id), ip: '203.0.113.7', userAgent: 'phone', requestId: 'req-1' };
		const events = [
			{ action: 'test.many' as AuditAction, areaId: area.id, targetType: 'attendance_day', targetIds: ['x', 'y'], customerIds: [a, b] },
			{ action: 'test.many' as AuditAction, changes: { iban: { from: null, to: 'FI21 1234 5600 0007 85' } } }
		];
		await recordAudits(database.db, ctx, events);
		await database.db.transaction((tx) => recordAudits(tx, ctx, events));
		const rows = await database.db.select().from(auditLog).where(eq(auditLog.action, 'test.many')).orderBy(auditLog.id);
		const stored = rows.map(({ at, areaId, targetType, targetIds, customerIds, changes, ip, userAgent, requestId, organisationId }) => ({
			at: at.toISOString(),
			areaId,
			targetType,
			targetIds,
			customerIds,
			changes,
			ip,
			userAgent,
			requestId,
			organisationId
		}));
		const first = { at: clock().toISOString(), areaId: area.id, targetType: 'attendance_day', targetIds: ['x', 'y'], customerIds: [a, b], changes: null };
		const second = { at: clock().toISOString(), areaId: null, targetType: null, targetIds: [], customerIds: [], changes: events[1].changes };
		const common = { ip: '203.0.113.7', userAgent: 'phone', requestId: 'req-1', organisationId: area.id };
		expect(stored).toEqual([first, second, first, second].map((r) => ({ ...r, ...common })));
		const jsonNulls = await database.db.execute(sql`select id from audit_log where action = 'test.many' and changes = 'null'::jsonb`);
		expect(rowsOf(jsonNulls)).toEqual([]);
	});

	it('search is scoped to the area and finds a customer’s entries', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const other = await makeOrganisation(database.db, 'area');
		const customer = crypto.randomUUID();
		await recordAudit(database.db, ctxFor(clock, null, area.id), { action: 'customer.read', areaId: area.id, customerIds: [customer] });
		await recordAudit(database.db, ctxFor(clock, null, other.id), { action: 'customer.read', areaId: other.id, customerIds: [customer] });
		const mine = await searchAudit(database.db, { areaId: area.id, customerId: customer });
		expect(mine.map((r) => r.areaId)).toEqual([area.id]);
		expect(await searchAudit(database.db, { areaId: other.id, customerId: customer })).toHaveLength(1);
	});

	it('an area’s search also has what its own people did outside any area (a sign-in), not another area’s people', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const other = await makeOrganisation(database.db, 'area');
		const ours = await makeUser(database.db, { org: area.id, roles: ['auditor'] });
		const theirs = await makeUser(database.db, { org: other.id, roles: ['auditor'] });
		await recordAudit(database.db, ctxFor(clock, ours.id), { action: 'auth.login' });
		await recordAudit(database.db, ctxFor(clock, theirs.id), { action: 'auth.login' });
		const signIns = await searchAudit(database.db, { areaId: area.id, action: 'auth.login' });
		expect(signIns.map((r) => r.userId)).toEqual([ours.id]);
		expect((await searchAudit(database.db, { areaId: other.id, action: 'auth.login' })).map((r) => r.userId)).toEqual([theirs.id]);
	});

	it('CSV export neutralises spreadsheet formulas and quotes separators', () => {
		const csv = auditCsv([
			{
				id: 1,
				at: new Date('2026-11-23T08:00:00Z'),
				userId: null,
				userName: null,
				userEmail: '=cmd|x@y.fi',
				organisationId: null,
				areaId: null,
				action: 'a,b',
				targetType: null,
				targetIds: [],
				customerIds: [],
				changes: null,
				ip: null,
				userAgent: 'Mozilla "x"',
				requestId: null
			}
		]);
		expect(csv).toContain(`'=cmd|x@y.fi`);
		expect(csv).toContain('"a,b"');
		expect(csv).toContain('"Mozilla ""x"""');
	});
});

describe('managing users', () => {
	it('an area admin invites a new person: account without password, invitation mail, audit entry', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const admin = await makeUser(database.db, { org: area.id, roles: ['area_admin'] });
		const actor = await loadActor(database.db, admin.id, '2026-11-23');
		const result = await inviteUser(database.db, ctxFor(clock, admin.id, area.id), actor, area.id, {
			email: 'Uusi.Kasittelija@Alue.fi',
			name: 'Uusi Käsittelijä',
			locale: 'sv',
			roles: ['case_officer']
		});
		if (!result.ok) throw new Error(result.error);
		const [u] = await database.db.select().from(users).where(eq(users.id, result.userId));
		expect(u.email).toBe('uusi.kasittelija@alue.fi');
		expect(u.passwordHash).toBeNull();
		const [mail] = await database.db.select().from(emailOutbox).where(eq(emailOutbox.toAddress, u.email));
		expect(mail.subject).toContain('Tjänsteproducentportalen'); // the invitee reads Swedish
		expect(mail.body).toMatch(/reset-password\//);
		const audit = await database.db.select().from(auditLog).where(eq(auditLog.action, 'user.invite'));
		expect(audit.some((a) => a.targetIds.includes(u.id))).toBe(true);

		// The invited person follows the link, sets a password and can sign in.
		const token = /reset-password\/([a-z2-7]+)/.exec(mail.body)?.[1] ?? '';
		expect(await resetPassword(database.db, ctxFor(clock), token, 'Kutsuttu-Käyttäjä-Vaasassa-7')).toEqual({ ok: true });
		const login = await loginWithPassword(database.db, ctxFor(clock), { email: u.email, password: 'Kutsuttu-Käyttäjä-Vaasassa-7' });
		expect(login.ok && login.needsMfa).toBe(true);
	});

	it('nobody grants a role they have no right to grant, and nothing changes', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const admin = await makeUser(database.db, { org: area.id, roles: ['area_admin'] });
		const actor = await loadActor(database.db, admin.id, '2026-11-23');
		for (const roles of [['platform_admin'], ['coach'], ['case_officer', 'finance']]) {
			const r = await inviteUser(database.db, ctxFor(clock, admin.id, area.id), actor, area.id, {
				email: `x${roles.join('')}@test.fi`,
				name: 'X',
				locale: 'fi',
				roles
			});
			expect(r).toEqual({ ok: false, error: 'roleNotGrantable' });
		}
		const officer = await makeUser(database.db, { org: area.id, roles: ['case_officer'] });
		const officerActor = await loadActor(database.db, officer.id, '2026-11-23');
		expect(
			await inviteUser(database.db, ctxFor(clock), officerActor, area.id, { email: 'y@test.fi', name: 'Y', locale: 'fi', roles: ['case_officer'] })
		).toEqual({ ok: false, error: 'roleNotGrantable' });
		expect(await database.db.select().from(users).where(eq(users.email, 'y@test.fi'))).toHaveLength(0);
	});

	it('changing someone’s roles ends their sessions; an admin cannot change their own', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const admin = await makeUser(database.db, { org: area.id, roles: ['area_admin'] });
		const officer = await makeUser(database.db, { org: area.id, roles: ['case_officer'] });
		const token = generateSessionToken();
		await createSession(database.db, clock, token, officer.id, { twoFactorVerified: true });
		const actor = await loadActor(database.db, admin.id, '2026-11-23');
		expect(await updateUserRoles(database.db, ctxFor(clock), actor, area.id, officer.id, ['case_officer', 'invoice_reviewer'])).toEqual({ ok: true });
		expect((await authenticateSession(database.db, clock, token, '2026-11-23')).session).toBeNull();
		const roles = await database.db.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, officer.id));
		expect(roles.map((r) => r.role).sort()).toEqual(['case_officer', 'invoice_reviewer']);
		expect(await updateUserRoles(database.db, ctxFor(clock), actor, area.id, admin.id, ['auditor'])).toEqual({ ok: false, error: 'cannotChangeSelf' });
	});

	it('a provider admin cannot touch another provider’s people', async () => {
		const p1 = await makeOrganisation(database.db, 'provider');
		const p2 = await makeOrganisation(database.db, 'provider');
		const admin1 = await makeUser(database.db, { org: p1.id, roles: ['provider_admin'] });
		const coach2 = await makeUser(database.db, { org: p2.id, roles: ['coach'] });
		const actor = await loadActor(database.db, admin1.id, '2026-11-23');
		expect(await deactivateMember(database.db, ctxFor(clock), actor, p1.id, coach2.id)).toEqual({ ok: false, error: 'notMember' });
		expect(await updateUserRoles(database.db, ctxFor(clock), actor, p2.id, coach2.id, ['finance'])).toEqual({ ok: false, error: 'roleNotGrantable' });
		const [still] = await database.db.select().from(users).where(eq(users.id, coach2.id));
		expect(still.active).toBe(true);
	});

	it('removing a coach ends their assignments today and deactivates an account left with no organisation', async () => {
		const area = await makeOrganisation(database.db, 'area');
		const provider = await makeOrganisation(database.db, 'provider');
		const admin = await makeUser(database.db, { org: provider.id, roles: ['provider_admin'] });
		const coach = await makeUser(database.db, { org: provider.id, roles: ['coach'] });
		await makeAssignment(database.db, { userId: coach.id, providerId: provider.id, areaId: area.id, validFrom: '2026-01-01', validUntil: '2027-12-31' });
		await makeAssignment(database.db, { userId: coach.id, providerId: provider.id, areaId: area.id, validFrom: '2027-01-01', validUntil: '2027-06-30' });
		expect((await loadActor(database.db, coach.id, '2026-11-23')).assignments).toHaveLength(1);
		const actor = await loadActor(database.db, admin.id, '2026-11-23');
		expect(await deactivateMember(database.db, ctxFor(clock), actor, provider.id, coach.id)).toEqual({ ok: true });
		const left = await database.db.select().from(assignments).where(eq(assignments.userId, coach.id));
		expect(left.map((a) => a.validUntil)).toEqual(['2026-11-22']);
		expect((await loadActor(database.db, coach.id, '2026-11-23')).assignments).toHaveLength(0);
		const [u] = await database.db.select().from(users).where(eq(users.id, coach.id));
		expect(u.active).toBe(false);
	});
});
