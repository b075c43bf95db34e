/**
 * The benchmarks' baseline server: the same app as app/cli/serve.ts, but served through
 * Express alone (`app.listen`), so that the app proxy endpoint goes through Express's router
 * as it did before it was given its own place in front of it. Never used in production.
 */
import { startRuntime } from '../../app/runtime';
import { createServer } from '../../app/server';

const runtime = await startRuntime();
const { app } = createServer(runtime);
app.listen(runtime.config.port, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
