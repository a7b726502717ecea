import { defineConfig } from 'drizzle-kit';

export default defineConfig({
	schema: './src/lib/server/db/schema/index.ts',
	out: './drizzle',
	dialect: 'postgresql',
	casing: 'snake_case',
	// `generate` needs no database; never throw when DATABASE_URL is unset.
	dbCredentials: { url: process.env.DATABASE_URL ?? '' }
});
