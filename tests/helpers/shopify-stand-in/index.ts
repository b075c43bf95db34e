/**
 * A Shopify stand-in for end-to-end tests: it answers, over real HTTPS, what Waymark asks of
 * Shopify (token exchange, refresh, migration to expiring tokens, Admin GraphQL), and acts
 * as Shopify towards the app (session tokens, webhook deliveries, signed app proxy URLs).
 *
 *   const standIn = await startShopifyStandIn({ apiKey, apiSecret, tokenLifetimeSec: 5 });
 *   spawn('node', ['dist/server/serve.js'], { env: { ...process.env, ...standIn.childEnv() } });
 *   // or, in this process: const restore = standIn.routeGlobalFetch();
 *   ...
 *   await standIn.close();
 *
 * Production code cannot reach it: the real library calls https://<shop>.myshopify.com,
 * and only a process started with childEnv() (or that called routeGlobalFetch()) sends that
 * through the stand-in's loopback proxy and trusts its throwaway CA. See README.md.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpsServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerGraphql, parseOperation, type PixelState, type ShopCatalog, type StandInOrder, type StandInProduct, type StandInReview } from './admin-graphql';
import { buildAppProxyUrl, type AppProxyOptions } from './app-proxy';
import { SHOP_DOMAIN, startConnectProxy, type TunnelRecord } from './connect-proxy';
import { routeProcessThrough } from './route-fetch';
import { mintSessionToken, type SessionTokenOptions } from './session-token';
import { answerTokenRequest } from './token-endpoint';
import { createTokenStore, type AccessTokenRecord, type RefreshTokenRecord } from './token-store';
import { createTlsMaterial } from './tls-material';
import { sendWebhook, type WebhookDelivery, type WebhookDeliveryInput } from './webhooks';

export type { StandInProduct, StandInOrder, StandInReview, PixelState, SessionTokenOptions, AppProxyOptions, WebhookDelivery, WebhookDeliveryInput, TunnelRecord };
export type { AccessTokenRecord, RefreshTokenRecord };

export const INVALID_TOKEN_MESSAGE = '[API] Invalid API key or access token (unrecognized login or wrong password)';

export interface ShopSeed {
  products?: StandInProduct[];
  orders?: StandInOrder[];
  /** product_review metaobjects (review texts) */
  reviews?: StandInReview[];
  /** metaobjects queries answer ACCESS_DENIED (no read_metaobjects scope) */
  denyMetaobjects?: boolean;
  /** an existing web pixel (re-install); id defaults to a fresh gid */
  pixel?: { id?: string; settings: string } | null;
}

export interface ShopifyStandInOptions {
  apiKey: string;
  apiSecret: string;
  /** expiring offline access token lifetime; default 3600 (Shopify's) */
  tokenLifetimeSec?: number;
  /** refresh token lifetime; default 90 days */
  refreshTokenLifetimeSec?: number;
  /** the `scope` returned with tokens; default the scopes in shopify.app.toml */
  scopes?: string;
  /** answer 401 to Admin API calls made with a non-expiring offline token (Shopify from 2027); default false */
  rejectNonExpiring?: boolean;
  /** X-Shopify-API-Version of webhook deliveries; default '2026-10' */
  apiVersion?: string;
  shops?: Record<string, ShopSeed>;
  /** the stand-in's clock (token issue and expiry); default Date.now */
  now?: () => number;
}

export interface StandInRequest {
  at: number;
  shop: string;
  method: string;
  path: string;
  kind: 'token' | 'graphql' | 'other';
  status: number;
  /** token requests: grant_type, subject_token_type, expiring, and what came of it */
  grantType?: string;
  subjectTokenType?: string;
  expiring?: string;
  outcome?: string;
  /** graphql requests */
  apiVersion?: string;
  accessToken?: string;
  operationName?: string;
  rootField?: string;
  variables?: Record<string, unknown>;
  /** why a request was refused (401): unknown | other-shop | expired | revoked | non-expiring-rejected */
  refusal?: string;
}

export interface InjectedFault {
  /** which endpoint; default 'graphql' */
  endpoint?: 'graphql' | 'token';
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** how many requests it answers; default 1 */
  times?: number;
}

export interface ShopState {
  products: StandInProduct[];
  orders: StandInOrder[];
  pixel: PixelState | null;
  accessTokens: AccessTokenRecord[];
  refreshTokens: RefreshTokenRecord[];
}

export interface ChildEnv {
  NODE_USE_ENV_PROXY: '1';
  HTTPS_PROXY: string;
  https_proxy: string;
  HTTP_PROXY: string;
  http_proxy: string;
  NO_PROXY: string;
  no_proxy: string;
  NODE_EXTRA_CA_CERTS: string;
}

export interface ShopifyStandIn {
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly apiVersion: string;
  /** http://127.0.0.1:<port>: the CONNECT proxy */
  readonly proxyUrl: string;
  /** PEM file of the test CA */
  readonly caFile: string;
  readonly caPem: string;
  /** env for a child process whose fetch must reach the stand-in (spread over process.env) */
  childEnv(): ChildEnv;
  /** route this process's fetch / https through the stand-in; returns restore() */
  routeGlobalFetch(): () => void;
  sessionToken(shop: string, opts?: SessionTokenOptions): string;
  seed(shop: string, seed: ShopSeed): void;
  shopState(shop: string): ShopState;
  /** a non-expiring offline token, as an install before expiring tokens got */
  issueNonExpiringToken(shop: string): string;
  expireTokens(shop: string, opts?: { refreshTokens?: boolean }): void;
  /**
   * Expires the shop's access tokens right after its next `n` successful GraphQL answers:
   * a token that lapses in the middle of a job (the next call gets 401), deterministically.
   */
  expireTokensAfter(shop: string, n: number): void;
  revokeTokens(shop: string): void;
  configure(opts: Partial<Pick<ShopifyStandInOptions, 'rejectNonExpiring' | 'tokenLifetimeSec' | 'refreshTokenLifetimeSec' | 'scopes'>>): void;
  failNext(shop: string, fault: InjectedFault): void;
  readonly requests: StandInRequest[];
  graphqlRequests(shop?: string): StandInRequest[];
  tokenRequests(shop?: string): StandInRequest[];
  readonly tunnels: TunnelRecord[];
  deliverWebhook(input: WebhookDeliveryInput): Promise<WebhookDelivery>;
  readonly deliveries: WebhookDelivery[];
  appProxyUrl(baseUrl: string, path: string, opts: AppProxyOptions): string;
  close(): Promise<void>;
}

const DEFAULT_SCOPES = 'write_pixels,read_customer_events,read_products,read_orders,write_app_proxy,read_metaobjects';

export async function startShopifyStandIn(options: ShopifyStandInOptions): Promise<ShopifyStandIn> {
  const settings = {
    tokenLifetimeSec: options.tokenLifetimeSec ?? 3600,
    refreshTokenLifetimeSec: options.refreshTokenLifetimeSec ?? 90 * 86_400,
    scopes: options.scopes ?? DEFAULT_SCOPES,
    rejectNonExpiring: options.rejectNonExpiring ?? false,
  };
  const { apiKey, apiSecret } = options;
  const apiVersion = options.apiVersion ?? '2026-10';
  const now = options.now ?? Date.now;
  const store = createTokenStore(() => settings);
  const catalogs = new Map<string, ShopCatalog>();
  const faults = new Map<string, Array<Required<Pick<InjectedFault, 'times' | 'status' | 'endpoint'>> & InjectedFault>>();
  const requests: StandInRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  let pixelSeq = 1000;

  const catalog = (shop: string): ShopCatalog => {
    let c = catalogs.get(shop);
    if (!c) catalogs.set(shop, (c = { products: [], orders: [], pixel: null }));
    return c;
  };
  const seed = (shop: string, s: ShopSeed) => {
    const c = catalog(shop);
    if (s.products) c.products = [...s.products];
    if (s.orders) c.orders = [...s.orders];
    if (s.reviews) c.reviews = [...s.reviews];
    if (s.denyMetaobjects !== undefined) c.denyMetaobjects = s.denyMetaobjects;
    if (s.pixel !== undefined) {
      c.pixel = s.pixel ? { id: s.pixel.id ?? `gid://shopify/WebPixel/${++pixelSeq}`, settings: s.pixel.settings, createdAt: now(), updatedAt: now() } : null;
    }
  };
  for (const [shop, s] of Object.entries(options.shops ?? {})) seed(shop, s);

  const expiryCountdown = new Map<string, number>();
  const takeFault = (shop: string, endpoint: 'graphql' | 'token') => {
    const list = faults.get(shop);
    const f = list?.find((x) => x.endpoint === endpoint && x.times > 0);
    if (f) f.times -= 1;
    return f;
  };

  const tls = createTlsMaterial();
  const sockets = new Set<Socket>();
  const server: Server = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) send(res, 500, { errors: `stand-in fault: ${String(err)}` });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const shop = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    const url = new URL(req.url ?? '/', `https://${shop || 'unknown'}`);
    const raw = await readBody(req);
    const entry: StandInRequest = { at: now(), shop, method: req.method ?? '', path: url.pathname, kind: 'other', status: 0 };
    requests.push(entry);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      entry.status = status;
      send(res, status, body, headers);
    };
    if (!SHOP_DOMAIN.test(shop)) return reply(404, { errors: 'Not Found' });

    if (url.pathname === '/admin/oauth/access_token') {
      entry.kind = 'token';
      if (req.method !== 'POST') return reply(405, { error: 'invalid_request', error_description: 'POST only' });
      const body = parseForm(raw, req.headers['content-type']);
      entry.grantType = str(body.grant_type);
      entry.subjectTokenType = str(body.subject_token_type);
      entry.expiring = str(body.expiring);
      const fault = takeFault(shop, 'token');
      if (fault) return reply(fault.status, fault.body ?? { error: 'server_error', error_description: 'injected fault' }, fault.headers);
      const answer = answerTokenRequest({ apiKey, apiSecret, scopes: () => settings.scopes, store, now }, shop, body);
      entry.outcome = answer.note;
      return reply(answer.status, answer.json);
    }

    const gql = /^\/admin\/api\/([^/]+)\/graphql\.json$/.exec(url.pathname);
    if (gql) {
      entry.kind = 'graphql';
      entry.apiVersion = gql[1];
      const token = header(req, 'x-shopify-access-token');
      entry.accessToken = token;
      let body: { query?: unknown; variables?: unknown; operationName?: unknown } = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        return reply(400, { errors: 'Bad Request: body is not JSON' });
      }
      const query = typeof body.query === 'string' ? body.query : '';
      const variables = body.variables && typeof body.variables === 'object' ? (body.variables as Record<string, unknown>) : {};
      const op = parseOperation(query, body.operationName);
      entry.operationName = op.operationName;
      entry.rootField = op.rootField;
      entry.variables = variables;
      if (req.method !== 'POST') return reply(405, { errors: 'Method Not Allowed' });
      const check = store.checkAccess(shop, token, now(), settings.rejectNonExpiring);
      if (!check.ok) {
        entry.refusal = check.reason;
        return reply(401, { errors: INVALID_TOKEN_MESSAGE });
      }
      const fault = takeFault(shop, 'graphql');
      if (fault) return reply(fault.status, fault.body ?? { errors: 'injected fault' }, fault.headers);
      if (!query) return reply(400, { errors: { query: 'Required parameter missing or invalid' } });
      const answer = answerGraphql(catalog(shop), op, query, variables, () => ++pixelSeq, now());
      const left = expiryCountdown.get(shop);
      if (left !== undefined && answer.status === 200) {
        if (left <= 1) {
          expiryCountdown.delete(shop);
          store.expire(shop, now());
        } else expiryCountdown.set(shop, left - 1);
      }
      return reply(answer.status, answer.json);
    }
    return reply(404, { errors: 'Not Found' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const httpsPort = (server.address() as AddressInfo).port;
  const proxy = await startConnectProxy(httpsPort);

  const env = { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1,localhost,::1' };

  return {
    apiKey,
    apiSecret,
    apiVersion,
    proxyUrl: proxy.url,
    caFile: tls.caFile,
    caPem: tls.caPem,
    childEnv: () => ({
      NODE_USE_ENV_PROXY: '1',
      HTTPS_PROXY: env.HTTPS_PROXY,
      https_proxy: env.HTTPS_PROXY,
      HTTP_PROXY: env.HTTP_PROXY,
      http_proxy: env.HTTP_PROXY,
      NO_PROXY: env.NO_PROXY,
      no_proxy: env.NO_PROXY,
      NODE_EXTRA_CA_CERTS: tls.caFile,
    }),
    routeGlobalFetch: () => routeProcessThrough(env, tls.caPem),
    sessionToken: (shop, opts) => mintSessionToken(shop, apiKey, apiSecret, opts),
    seed,
    shopState: (shop) => {
      const c = catalog(shop);
      return { products: c.products, orders: c.orders, pixel: c.pixel, ...store.forShop(shop) };
    },
    issueNonExpiringToken: (shop) => store.issueNonExpiring(shop, now(), 'seeded').token,
    expireTokens: (shop, opts) => store.expire(shop, now(), opts),
    expireTokensAfter: (shop, n) => void expiryCountdown.set(shop, n),
    revokeTokens: (shop) => store.revoke(shop),
    configure: (opts) => {
      for (const [k, v] of Object.entries(opts)) if (v !== undefined) (settings as Record<string, unknown>)[k] = v;
    },
    failNext: (shop, fault) => {
      const list = faults.get(shop) ?? [];
      list.push({ ...fault, endpoint: fault.endpoint ?? 'graphql', times: fault.times ?? 1 });
      faults.set(shop, list);
    },
    requests,
    graphqlRequests: (shop) => requests.filter((r) => r.kind === 'graphql' && (!shop || r.shop === shop)),
    tokenRequests: (shop) => requests.filter((r) => r.kind === 'token' && (!shop || r.shop === shop)),
    tunnels: proxy.tunnels,
    deliverWebhook: async (input) => {
      const d = await sendWebhook(input, apiSecret, apiVersion);
      deliveries.push(d);
      return d;
    },
    deliveries,
    appProxyUrl: (baseUrl, path, opts) => buildAppProxyUrl(baseUrl, path, opts, apiSecret),
    close: async () => {
      await proxy.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      tls.remove();
    },
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-Request-Id': randomUUID(), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseForm(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(raw));
  try {
    const parsed = JSON.parse(raw || '{}');
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return Object.fromEntries(new URLSearchParams(raw));
  }
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
const header = (req: IncomingMessage, name: string) => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
