/**
 * The shop a webhook's signed body names. The HMAC covers the body only, not the
 * X-Shopify-Shop-Domain header, so a handler acts on this, never on the header alone.
 * - compliance topics (customers/data_request, customers/redact, shop/redact): `shop_domain`;
 * - app/uninstalled: the shop object, `myshopify_domain` (its `domain` may be the store's own
 *   domain, so it counts only when it is a myshopify.com domain);
 * - other topics (products/*, app/scopes_update) name no shop: null (docs/SECURITY.md).
 */
export type BodyShop = { shop: string } | { shop: null; reason: 'topic names no shop' } | { error: string };

const MYSHOPIFY = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

const COMPLIANCE = new Set(['customers_data_request', 'customers_redact', 'shop_redact']);

export function shopNamedByBody(topic: string, payload: unknown): BodyShop {
  // 'app/uninstalled', 'APP_UNINSTALLED' and 'app.uninstalled' alike
  const t = topic.toLowerCase().replace(/[/.]/g, '_');
  const body = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : {};
  const str = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : undefined);
  if (COMPLIANCE.has(t)) {
    const shop = str(body.shop_domain);
    return shop ? { shop } : { error: 'body: shop_domain is missing' };
  }
  if (t === 'app_uninstalled') {
    const shop = str(body.myshopify_domain) ?? (MYSHOPIFY.test(str(body.domain) ?? '') ? str(body.domain) : undefined);
    return shop ? { shop } : { error: 'body: myshopify_domain is missing' };
  }
  return { shop: null, reason: 'topic names no shop' };
}
