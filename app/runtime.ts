/**
 * Start-up shared by every entry point (server, demo, worker): read the config, migrate
 * the database (idempotent), open the one Prisma client, make the logger.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadConfig, type Config } from './config';
import { createDb, type Db } from './db/client';
import { migrate } from './db/migrate';
import { sqlitePathFromUrl } from './db/url';
import { createLogger, type Logger } from './logger';

export interface Runtime {
  config: Config;
  db: Db;
  logger: Logger;
  close(): Promise<void>;
}

export async function startRuntime(
  opts: { config?: Config; onProgress?: (message: string) => void; logger?: Logger } = {},
): Promise<Runtime> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger(config.logLevel);
  if (config.database.provider === 'sqlite') mkdirSync(dirname(sqlitePathFromUrl(config.database.url)), { recursive: true });
  await migrate({ url: config.database.url, provider: config.database.provider, onProgress: opts.onProgress });
  const db = createDb({ provider: config.database.provider, url: config.database.url });
  return {
    config,
    db,
    logger,
    close: () => db.$disconnect(),
  };
}
