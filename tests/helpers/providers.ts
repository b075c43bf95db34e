/**
 * Runs a suite on SQLite always and on PostgreSQL when pgTestMode() says so
 * (WAYMARK_TEST_PG=1 in CI: required; unset: when the server answers).
 */
import type { Provider } from '../../app/db/url';
import { pgTestMode } from './db';

const pg = await pgTestMode();
if (!pg.run && !pg.required) console.warn(`[tests] PostgreSQL suites skipped: ${pg.reason}`);

export const PROVIDERS_UNDER_TEST: Provider[] = pg.run || pg.required ? ['sqlite', 'postgresql'] : ['sqlite'];
