/**
 * The environment, read once, validated with a schema, defaults filled in.
 *
 * Two modes:
 * - local (default): SQLite under ./data, an in-process job queue, and a dev shop whose
 *   admin pages and API answer on localhost without Shopify;
 * - production (NODE_ENV=production): Shopify credentials required; the dev bypass is
 *   impossible. It is also impossible whenever real credentials are configured.
 */
import { z } from 'zod';
import { providerFromUrl, type Provider } from './db/url';
import { WaymarkError } from './errors';
import { describeIssue } from './problem';

export type { Provider };

export const DEFAULT_PORT = 3000;
export const DEFAULT_SQLITE_URL = 'file:./data/waymark.sqlite';
export const DEFAULT_DEV_SHOP = 'waymark-dev.myshopify.com';
export const APP_SCOPES = [
  'write_pixels',
  'read_customer_events',
  'read_products',
  'read_orders',
  'write_app_proxy',
  'read_metaobjects',
] as const;

/** Credentials used only in local mode so the Shopify library can be initialized offline. */
export const LOCAL_API_KEY = 'waymark-local-api-key';
export const LOCAL_API_SECRET = 'waymark-local-api-secret-not-for-production';

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(DEFAULT_PORT),
  /** Public URL of the app (what Shopify calls), e.g. https://waymark.example.com */
  HOST: z.url().optional(),
  DATABASE_URL: z.string().min(1).default(DEFAULT_SQLITE_URL),
  REDIS_URL: z.string().optional(),
  /** BullMQ key prefix: web processes and workers of one deployment must share it. */
  WAYMARK_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/).default('waymark'),
  SHOPIFY_API_KEY: z.string().min(1).optional(),
  SHOPIFY_API_SECRET: z.string().min(1).optional(),
  SCOPES: z.string().optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Local mode only: the shop the dev bypass logs you into. */
  WAYMARK_DEV_SHOP: z.string().regex(/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/).default(DEFAULT_DEV_SHOP),
  /** Ingest rate limits, events per second (token buckets; burst = 5 s worth per shop, 20 s per client). */
  WAYMARK_INGEST_SHOP_RATE: z.coerce.number().positive().default(20_000),
  WAYMARK_INGEST_CLIENT_RATE: z.coerce.number().positive().default(20),
  /**
   * Events dated further than this from their receipt are rejected (hours; 0 = no bound).
   * Default 24 wherever real Shopify credentials are configured; no bound in the
   * credential-less local mode, whose demo and replay tools post history through /ingest.
   */
  WAYMARK_INGEST_MAX_SKEW_HOURS: z.coerce.number().min(0).optional(),
  /** Where model artifacts go when not in the database (optional). */
  WAYMARK_ARTIFACT_DIR: z.string().optional(),
  /** Local queue: job host processes per lane, i.e. jobs of a lane running at once (app/jobs/job-host.ts, queue.ts JOB_LANES). */
  WAYMARK_JOB_HOSTS: z.coerce.number().int().min(1).max(64).default(1),
  /**
   * POSIX niceness of job processes (0 = the web process's own priority, 19 = lowest): the
   * local queue's job hosts, and `npm run worker` processes, which lower their own.
   */
  WAYMARK_JOB_NICENESS: z.coerce.number().int().min(0).max(19).default(10),
});


export interface Config {
  mode: 'local' | 'production';
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  /** Public base URL without trailing slash. */
  appUrl: string;
  database: { url: string; provider: Provider };
  redisUrl?: string;
  queuePrefix: string;
  /** where background jobs run: how many job hosts the local queue keeps, at what niceness */
  jobs: { hosts: number; niceness: number };
  shopify: { apiKey: string; apiSecret: string; scopes: string[]; hasRealCredentials: boolean };
  /** The dev shop when the local bypass is on; undefined when it is impossible. */
  devShop?: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  artifactDir?: string;
  /** maxSkewMs: null = event timestamps are not bounded (local backfills). */
  ingest: { shopRatePerSec: number; clientRatePerSec: number; maxSkewMs: number | null };
}

export class ConfigError extends WaymarkError {
  override name = 'ConfigError';
}

function databaseProvider(url: string): Provider {
  try {
    return providerFromUrl(url);
  } catch (error) {
    throw new ConfigError(`DATABASE_URL: ${(error as Error).message}`);
  }
}

/**
 * Reads the environment into a Config. Throws ConfigError with every problem listed
 * (never the secret values themselves).
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${describeIssue(i, 'environment')}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const hasRealCredentials = Boolean(e.SHOPIFY_API_KEY || e.SHOPIFY_API_SECRET);

  if (production) {
    const missing = ['SHOPIFY_API_KEY', 'SHOPIFY_API_SECRET', 'HOST'].filter(
      (k) => !e[k as keyof typeof e],
    );
    if (missing.length > 0) {
      throw new ConfigError(
        `Production mode (NODE_ENV=production) needs the Shopify app credentials: set ${missing.join(', ')}. ` +
          `Find the API key and secret in the Partner Dashboard (Apps > Waymark > Client credentials); ` +
          `HOST is the public https URL Shopify reaches this server on.`,
      );
    }
  } else if (hasRealCredentials && !(e.SHOPIFY_API_KEY && e.SHOPIFY_API_SECRET)) {
    throw new ConfigError('Set both SHOPIFY_API_KEY and SHOPIFY_API_SECRET, or neither (local mode).');
  }

  const appUrl = (e.HOST ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const scopes = e.SCOPES ? e.SCOPES.split(',').map((s) => s.trim()).filter(Boolean) : [...APP_SCOPES];
  // The bypass exists only when nothing real is configured: never in production and never
  // alongside real credentials, so a misconfigured deploy cannot expose a shop's data.
  const devBypass = !production && !hasRealCredentials;

  return {
    mode: production ? 'production' : 'local',
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    appUrl,
    database: { url: e.DATABASE_URL, provider: databaseProvider(e.DATABASE_URL) },
    redisUrl: e.REDIS_URL,
    queuePrefix: e.WAYMARK_QUEUE_PREFIX,
    jobs: { hosts: e.WAYMARK_JOB_HOSTS, niceness: e.WAYMARK_JOB_NICENESS },
    shopify: {
      apiKey: e.SHOPIFY_API_KEY ?? LOCAL_API_KEY,
      apiSecret: e.SHOPIFY_API_SECRET ?? LOCAL_API_SECRET,
      scopes,
      hasRealCredentials,
    },
    devShop: devBypass ? e.WAYMARK_DEV_SHOP : undefined,
    logLevel: e.LOG_LEVEL,
    artifactDir: e.WAYMARK_ARTIFACT_DIR,
    ingest: {
      shopRatePerSec: e.WAYMARK_INGEST_SHOP_RATE,
      clientRatePerSec: e.WAYMARK_INGEST_CLIENT_RATE,
      maxSkewMs: maxSkewMs(e.WAYMARK_INGEST_MAX_SKEW_HOURS, production || hasRealCredentials),
    },
  };
}

function maxSkewMs(hours: number | undefined, publicFacing: boolean): number | null {
  const h = hours ?? (publicFacing ? 24 : 0);
  return h > 0 ? h * 3_600_000 : null;
}

/** True when the local dev bypass may be used. Checked again at request time. */
export function devBypassAllowed(config: Config): config is Config & { devShop: string } {
  return config.mode === 'local' && !config.shopify.hasRealCredentials && Boolean(config.devShop);
}

/**
 * The ML switches, read from the environment here so ml/ never reads it (these are development and
 * evaluation aids, so they are not part of Config and need none of its other variables):
 * - WAYMARK_TF_BACKEND=tensorflow|wasm|cpu forces the TensorFlow.js backend (default: the fastest that loads);
 * - WAYMARK_TUNE_LOG=1 logs model tuning and selection to stderr;
 * - WAYMARK_GRU4REC_CACHE=<dir> reuses identical GRU4Rec trainings stored in that directory.
 */
export interface MlSettings {
  tfBackend?: 'tensorflow' | 'wasm' | 'cpu';
  tuneLog: boolean;
  gru4recCacheDir?: string;
}

const TF_BACKEND_NAMES: Readonly<Record<string, MlSettings['tfBackend']>> = { tensorflow: 'tensorflow', node: 'tensorflow', 'tfjs-node': 'tensorflow', wasm: 'wasm', cpu: 'cpu' };

export function mlSettings(env: NodeJS.ProcessEnv = process.env): MlSettings {
  const backend = env.WAYMARK_TF_BACKEND?.trim().toLowerCase();
  return {
    tfBackend: backend ? TF_BACKEND_NAMES[backend] : undefined,
    tuneLog: Boolean(env.WAYMARK_TUNE_LOG),
    gru4recCacheDir: env.WAYMARK_GRU4REC_CACHE?.trim() || undefined,
  };
}
