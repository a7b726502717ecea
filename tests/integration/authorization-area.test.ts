/** The authorization table, area workspace rows (see authorization/table.ts for how a row is read). */
import { AREA_ROWS } from './authorization/rows-area';
import { describeRows } from './authorization/runner';

describeRows('area workspace: role × route × own/other organisation', AREA_ROWS);
