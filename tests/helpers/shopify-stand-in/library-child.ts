/**
 * Child-process script: the real @shopify/shopify-api, configured as an app, behind a tiny
 * loopback HTTP server, so a test can drive the library against the stand-in from a
 * process whose fetch is routed only by the environment (NODE_USE_ENV_PROXY, HTTPS_PROXY,
 * NODE_EXTRA_CA_CERTS), exactly as the app server would be.
 *
 *   POST /rpc {method, args}  → {ok: true, result} | {ok: false, error: {name, message, code?, body?}}
 *   POST /webhooks/...        → api.webhooks.validate on the raw request → its result as JSON
 *   GET  /proxy/...?…         → api.utils.validateHmac(query, {signator: 'appProxy'}) → {valid}
 *
 * Started by library-child-client.ts; env STAND_IN_API_KEY, STAND_IN_API_SECRET. Prints
 * `LISTENING <port>` on stdout when ready.
 */
import '@shopify/shopify-api/adapters/node';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { ApiVersion, LogSeverity, RequestedTokenType, Session, shopifyApi } from '@shopify/shopify-api';

const api = shopifyApi({
  apiKey: process.env.STAND_IN_API_KEY ?? '',
  apiSecretKey: process.env.STAND_IN_API_SECRET ?? '',
  scopes: ['write_pixels', 'read_customer_events', 'read_products', 'read_orders', 'write_app_proxy', 'read_metaobjects'],
  hostName: '127.0.0.1',
  hostScheme: 'http',
  apiVersion: ApiVersion.October26,
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error, log: async () => {} },
});

const sessionJson = (s: Session) => ({
  id: s.id,
  shop: s.shop,
  isOnline: s.isOnline,
  accessToken: s.accessToken,
  scope: s.scope,
  expires: s.expires ? s.expires.toISOString() : null,
  refreshToken: s.refreshToken ?? null,
  refreshTokenExpires: s.refreshTokenExpires ? s.refreshTokenExpires.toISOString() : null,
});

type Args = Record<string, any>;
const methods: Record<string, (a: Args) => Promise<unknown>> = {
  async tokenExchange(a) {
    const { session } = await api.auth.tokenExchange({
      shop: a.shop,
      sessionToken: a.sessionToken,
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: Boolean(a.expiring),
    });
    return sessionJson(session);
  },
  async refreshToken(a) {
    const { session } = await api.auth.refreshToken({ shop: a.shop, refreshToken: a.refreshToken });
    return sessionJson(session);
  },
  async migrateToExpiringToken(a) {
    const { session } = await api.auth.migrateToExpiringToken({ shop: a.shop, nonExpiringOfflineAccessToken: a.accessToken });
    return sessionJson(session);
  },
  async graphql(a) {
    const session = new Session({ id: `offline_${a.shop}`, shop: a.shop, state: '', isOnline: false, accessToken: a.accessToken });
    const client = new api.clients.Graphql({ session });
    const res = await client.request(a.query, { variables: a.variables, retries: 0 });
    return { data: res.data ?? null, errors: res.errors ?? null };
  },
  async decodeSessionToken(a) {
    return api.session.decodeSessionToken(a.token);
  },
};

function errorJson(e: any) {
  return {
    // the library's error class (HttpResponseError, GraphqlQueryError, InvalidJwtError, ...)
    name: String(e?.constructor?.name ?? e?.name ?? 'Error'),
    message: String(e?.message ?? e),
    // HttpResponseError: response {code, statusText, body}; GraphqlQueryError: body, and response is the fetch Response
    code: e?.response?.code ?? e?.response?.status,
    body: e?.body ?? e?.response?.body,
  };
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });

const server = createServer(async (req, res) => {
  const reply = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  try {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/rpc') {
      const { method, args } = JSON.parse(await readBody(req));
      const fn = Object.hasOwn(methods, method) ? methods[method] : undefined;
      if (!fn) return reply(404, { ok: false, error: { name: 'UnknownMethod', message: String(method) } });
      try {
        return reply(200, { ok: true, result: await fn(args ?? {}) });
      } catch (e) {
        return reply(200, { ok: false, error: errorJson(e) });
      }
    }
    if (req.method === 'POST' && url.pathname.startsWith('/webhooks')) {
      const rawBody = await readBody(req);
      const check = await api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
      return reply(check.valid ? 200 : 401, check);
    }
    if (req.method === 'GET' && url.pathname.startsWith('/proxy')) {
      const query = parseQuery(url.search.slice(1)) as Record<string, string | string[]>;
      try {
        const valid = await api.utils.validateHmac(query as any, { signator: 'appProxy' });
        return reply(valid ? 200 : 401, { valid, path: url.pathname });
      } catch (e) {
        return reply(401, { valid: false, error: errorJson(e) });
      }
    }
    reply(404, { error: 'not found' });
  } catch (e) {
    if (!res.headersSent) reply(500, { ok: false, error: errorJson(e) });
  }
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
