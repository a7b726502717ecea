/** The authorization table, provider workspace rows (see authorization/table.ts for how a row is read). */
import { PROVIDER_ROWS } from './authorization/rows-provider';
import { describeRows } from './authorization/runner';

describeRows('provider workspace: role × route × own/other organisation × assignment', PROVIDER_ROWS);
