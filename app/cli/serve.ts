/**
 * `npm start` (production) and `npm run dev` (local): migrate, then serve until SIGTERM/SIGINT.
 */
import { ConfigError } from '../config';
import { startRuntime } from '../runtime';
import { createServer, listen } from '../server';

async function main() {
  const runtime = await startRuntime({ onProgress: (m) => console.error(`[migrate] ${m}`) });
  const { config, logger } = runtime;
  const appServer = createServer(runtime);
  const host = config.mode === 'local' ? '127.0.0.1' : '0.0.0.0';
  const server = await listen(appServer, config.port, host);
  logger.info({ port: config.port, mode: config.mode, database: config.database.provider }, 'waymark listening');
  if (config.mode === 'local') console.error(`Waymark (local mode) admin page: http://localhost:${config.port}/`);
  // Longer than load balancers' idle timeout (often 60 s), so they never reuse a closing socket.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const stop = () => {
    logger.info('shutting down');
    server.close(() => void Promise.all([appServer.close(), runtime.close()]).then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 10_000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    console.error(`waymark: ${error.message}`);
    process.exit(78); // EX_CONFIG
  }
  console.error(error);
  process.exit(1);
});
