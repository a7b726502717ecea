/**
 * Removes audit-log entries past their area's retention (src/lib/server/retention/audit-maintenance.ts).
 * Run as the database OWNER (the role that runs migrations), never with the app's role:
 *   DATABASE_URL=postgres://owner@db/ptp npm run maintenance:audit
 * Monthly is enough. Prints how many entries went.
 */
import { openDatabase } from '../src/lib/server/db/client';
import { removeExpiredAuditEntries } from '../src/lib/server/retention/audit-maintenance';

const url = process.env.DATABASE_URL;
if (!url) {
	console.error('DATABASE_URL (the owner role) is required');
	process.exit(2);
}
const database = await openDatabase({ url, poolSize: 1 });
try {
	const { removed } = await removeExpiredAuditEntries(database.db, () => new Date());
	console.log(`audit maintenance: ${removed} entries removed`);
} finally {
	await database.close();
}
