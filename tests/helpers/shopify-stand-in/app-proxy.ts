/**
 * Signed app proxy URLs, as Shopify forwards a storefront request to the app: the query
 * carries `shop`, `logged_in_customer_id` (empty when nobody is logged in), `path_prefix`,
 * `timestamp` and `signature`: the lowercase hex HMAC-SHA256, under the app secret, of
 * every other parameter as `name=value` (repeated values joined by commas), sorted by
 * name and concatenated with no separator.
 */
import { createHmac } from 'node:crypto';

export interface AppProxyOptions {
  shop: string;
  /** default '' (no customer logged in) */
  loggedInCustomerId?: string | number;
  /** default '/apps/waymark' (shopify.app.toml [app_proxy]) */
  pathPrefix?: string;
  /** seconds since the epoch; default now */
  timestamp?: number;
  /** the storefront request's own query parameters; arrays become repeated parameters */
  extraParams?: Record<string, string | number | Array<string | number>>;
  /** forgeries: sign with another secret, or send this exact signature */
  secret?: string;
  signature?: string;
}

export function appProxySignature(params: Record<string, string | string[]>, secret: string): string {
  const message = Object.keys(params)
    .filter((k) => k !== 'signature' && k !== 'hmac')
    .sort((a, b) => a.localeCompare(b))
    .map((k) => {
      const v = params[k];
      return `${k}=${Array.isArray(v) ? v.join(',') : v}`;
    })
    .join('');
  return createHmac('sha256', secret).update(message, 'utf8').digest('hex');
}

export function buildAppProxyUrl(baseUrl: string, path: string, opts: AppProxyOptions, secret: string): string {
  const params: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(opts.extraParams ?? {})) params[k] = Array.isArray(v) ? v.map(String) : String(v);
  params.shop = opts.shop;
  params.logged_in_customer_id = opts.loggedInCustomerId === undefined ? '' : String(opts.loggedInCustomerId);
  params.path_prefix = opts.pathPrefix ?? '/apps/waymark';
  params.timestamp = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = opts.signature ?? appProxySignature(params, opts.secret ?? secret);
  // baseUrl's own path is kept: appProxyUrl('http://127.0.0.1:3000/apps/waymark', '/recs') → /apps/waymark/recs
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`);
  for (const [k, v] of Object.entries(params)) {
    for (const one of Array.isArray(v) ? v : [v]) url.searchParams.append(k, one);
  }
  url.searchParams.append('signature', signature);
  return url.toString();
}
