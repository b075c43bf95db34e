/**
 * The lighthouse benchmark's server: the app as app/cli/serve.ts serves it in local mode, plus
 * the demo storefront (app/demo/storefront) for the dev shop, as `npm run demo` mounts it.
 * Never used in production.
 */
import { devBypassAllowed } from '../../app/config';
import { createStorefrontRouter } from '../../app/demo/storefront';
import { startRuntime } from '../../app/runtime';
import { createServer, listen } from '../../app/server';

const runtime = await startRuntime();
if (!devBypassAllowed(runtime.config)) throw new Error('the demo storefront runs in local mode only');
const storefront = createStorefrontRouter({ db: runtime.db, shopDomain: runtime.config.devShop });
await listen(createServer({ ...runtime, demoRoutes: storefront }), runtime.config.port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
