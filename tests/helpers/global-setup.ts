/**
 * Once before the whole suite: the admin page must be built (web/dist), since the server
 * answers 503 for it until then and several suites load it. Built here, once, so that test
 * files running in parallel never build it at the same time.
 */
import { buildWebIfMissing } from '../../app/cli/web-build';

export default async function setup(): Promise<void> {
  await buildWebIfMissing();
}
