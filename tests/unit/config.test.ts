import { describe, expect, it } from 'vitest';
import { DEVELOPMENT_KEY_HEX, decideRuntime } from '../../src/lib/server/config';

const KEY = 'a'.repeat(64);
const PG = 'postgres://app@db.example:5432/ptp';

describe('what the server may use: development conveniences only where explicitly allowed', () => {
	it('`npm start` on a bare machine (embedded database, local origin) is the demo: development key, demo data', () => {
		const d = decideRuntime({});
		expect(d).toMatchObject({ demo: true, useDevelopmentKey: true, seedDemo: true, fakeNow: undefined, refusals: [] });
	});

	it('honours FAKE_NOW in the demo only', () => {
		expect(decideRuntime({ FAKE_NOW: '2026-11-23T08:00:00Z' })).toMatchObject({ fakeNow: '2026-11-23T08:00:00Z', refusals: [] });
		expect(decideRuntime({ FAKE_NOW: 'tomorrow' }).refusals).toHaveLength(1);
		const prod = decideRuntime({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY, DATABASE_URL: PG, FAKE_NOW: '2026-11-23T08:00:00Z' });
		expect(prod.fakeNow).toBeUndefined();
		expect(prod.refusals.join()).toMatch(/FAKE_NOW/);
		expect(decideRuntime({ DATABASE_URL: PG, ENCRYPTION_KEY: KEY, FAKE_NOW: '2026-11-23T08:00:00Z' }).refusals.join()).toMatch(/FAKE_NOW/);
	});

	it('refuses to start with the development key in production, on a non-local origin, or on PostgreSQL without PTP_DEMO', () => {
		expect(decideRuntime({ NODE_ENV: 'production' }).refusals.join()).toMatch(/ENCRYPTION_KEY/);
		expect(decideRuntime({ NODE_ENV: 'production', ENCRYPTION_KEY: DEVELOPMENT_KEY_HEX, DATABASE_URL: PG }).refusals.join()).toMatch(/ENCRYPTION_KEY/);
		expect(decideRuntime({ ORIGIN: 'https://portaali.example.fi' }).refusals.join()).toMatch(/ENCRYPTION_KEY/);
		expect(decideRuntime({ ORIGIN: 'https://portaali.example.fi', PTP_DEMO: '1' }).refusals.join()).toMatch(/ENCRYPTION_KEY/);
		expect(decideRuntime({ DATABASE_URL: PG }).refusals.join()).toMatch(/ENCRYPTION_KEY/);
		expect(decideRuntime({ DATABASE_URL: PG, PTP_DEMO: '1' })).toMatchObject({ demo: true, useDevelopmentKey: true, refusals: [] });
		expect(decideRuntime({ ORIGIN: 'http://127.0.0.1:4317' }).refusals).toEqual([]);
		expect(decideRuntime({ ORIGIN: 'http://localhost.evil.example' }).refusals.join()).toMatch(/ENCRYPTION_KEY/);
	});

	it('starts in production with its own key and no demo conveniences', () => {
		const d = decideRuntime({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY, DATABASE_URL: PG, ORIGIN: 'https://portaali.example.fi' });
		expect(d).toMatchObject({ production: true, demo: false, useDevelopmentKey: false, seedDemo: false, refusals: [] });
	});

	it('never seeds demo data in production, and says so instead of ignoring SEED_DEMO=1', () => {
		expect(decideRuntime({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY }).seedDemo).toBe(false);
		const asked = decideRuntime({ NODE_ENV: 'production', ENCRYPTION_KEY: KEY, DATABASE_URL: PG, SEED_DEMO: '1' });
		expect(asked.seedDemo).toBe(false);
		expect(asked.refusals.join()).toMatch(/SEED_DEMO/);
		// A public server that forgot NODE_ENV is no demo either.
		expect(decideRuntime({ ENCRYPTION_KEY: KEY, ORIGIN: 'https://portaali.example.fi' })).toMatchObject({ demo: false, seedDemo: false });
		expect(decideRuntime({ ENCRYPTION_KEY: KEY, DATABASE_URL: PG, SEED_DEMO: '1' }).refusals.join()).toMatch(/SEED_DEMO/);
		expect(decideRuntime({ DATABASE_URL: PG, PTP_DEMO: '1', SEED_DEMO: '1' })).toMatchObject({ seedDemo: true, refusals: [] });
		expect(decideRuntime({ SEED_DEMO: '0' }).seedDemo).toBe(false);
	});
});
