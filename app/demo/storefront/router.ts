/**
 * The local demo storefront: a few pages of the shop's catalog (Prisma `Product` rows)
 * hosting Waymark's theme app extension blocks, so the blocks, the app proxy endpoint and
 * the ingest path can be exercised end to end without a Shopify store.
 *
 *   app.use(createStorefrontRouter({ db, shopDomain: config.devShop }));
 *
 *   GET  /storefront                               home: product grid + "Recommended for you"
 *   GET  /storefront/products/:handle              product: "You may also like" + "Frequently bought together"
 *   GET  /storefront/cart                          cart (a cookie of product ids) + "Frequently bought together"
 *   POST /storefront/cart/add, /storefront/cart/clear
 *   GET  /storefront/recommendations/products.json stand-in for Shopify's own endpoint (the blocks' fallback)
 *   GET  /storefront/assets/*                      extensions/waymark-blocks/assets, served as-is
 *   GET  /storefront/shopify-stand-in.js           window.Shopify stand-in (consent + analytics.publish)
 *   GET  /products/:handle                         redirect to the demo page (recommendation URLs are Shopify's)
 *
 * Demo knobs (whitelisted, never echoed): ?layout=grid|carousel, ?count=2..12, ?vendor=1,
 * ?fallback=shopify|popular|hide.
 */
import express, { Router, type Request, type Response } from 'express';
import { join } from 'node:path';
import type { Db } from '../../db/client';
import type { Product } from '../../db/types';
import { REPO_ROOT } from '../../paths';
import { findInstalledShop } from '../../shops/shop-rows';
import { ASSETS_DIR, type BlockSettings } from './block-markup';
import { renderCartPage, renderHomePage, renderMessagePage, renderProductPage, type PageContext } from './pages';

export interface StorefrontRouterOptions {
  db: Db;
  /** The shop whose catalog the demo shows, e.g. config.devShop. */
  shopDomain: string;
  /** URL prefix for every route. Default "/storefront". */
  basePath?: string;
  /** Where the blocks fetch recommendations. Default "/apps/waymark/recommendations". */
  recommendationsUrl?: string;
  /** Where the analytics stand-in posts journey events. Default "/ingest". */
  ingestUrl?: string;
  /** Products on the home page. Default 24. */
  homeProducts?: number;
}

const CART_COOKIE = 'waymark_demo_cart';
const MAX_CART = 20;
// Read from the repository, not next to this module: the compiled server runs from dist/server.
const STAND_IN_JS = join(REPO_ROOT, 'app', 'demo', 'storefront', 'shopify-stand-in.js');

/** Same-origin everything; inline styles only (the blocks' reserved-height variables). */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' https: data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** What the demo pages show: active products, no gift cards. */
const ACTIVE_PRODUCTS = { status: 'ACTIVE', isGiftCard: false } as const;

const isId = (s: string) => /^\d{1,20}$/.test(s);

function readCart(req: Request): string[] {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name !== CART_COOKIE) continue;
    // A malformed cookie (bad percent-encoding) is an empty cart, not a 500.
    let value: string;
    try {
      value = decodeURIComponent(rest.join('='));
    } catch {
      return [];
    }
    return [...new Set(value.split(',').filter(isId))].slice(0, MAX_CART);
  }
  return [];
}

function writeCart(res: Response, base: string, ids: string[]): void {
  res.cookie(CART_COOKIE, ids.join(','), { path: base, httpOnly: true, sameSite: 'lax' });
}

function blockSettingsFrom(req: Request): Partial<BlockSettings> {
  const out: Partial<BlockSettings> = {};
  if (req.query.layout === 'carousel' || req.query.layout === 'grid') out.layout = req.query.layout;
  const count = Number(req.query.count);
  if (Number.isInteger(count) && count >= 2 && count <= 12) out.product_count = count;
  if (req.query.vendor === '1') out.show_vendor = true;
  const fallback = req.query.fallback;
  if (fallback === 'shopify' || fallback === 'popular' || fallback === 'hide') out.fallback = fallback;
  return out;
}

function sendPage(res: Response, status: number, html: string): void {
  res.status(status);
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  res.type('html').send(html);
}

/** Shopify's /recommendations/products.json shape: prices in minor units, numeric ids. */
function shopifyProductJson(p: Product, base: string) {
  const numeric = Number(p.productId);
  return {
    id: Number.isSafeInteger(numeric) ? numeric : p.productId,
    title: p.title,
    handle: p.handle,
    vendor: p.vendor,
    type: p.productType,
    available: p.available,
    price: Math.round(p.price * 100),
    url: `${base}/products/${encodeURIComponent(p.handle)}`,
    featured_image: p.imageUrl,
  };
}

export function createStorefrontRouter(opts: StorefrontRouterOptions): Router {
  const { db, shopDomain } = opts;
  const base = (opts.basePath ?? '/storefront').replace(/\/+$/, '');
  const recommendationsUrl = opts.recommendationsUrl ?? '/apps/waymark/recommendations';
  const ingestUrl = opts.ingestUrl ?? '/ingest';
  const router = Router();

  async function context(req: Request, res: Response): Promise<PageContext | null> {
    const shop = await findInstalledShop(db, shopDomain);
    if (!shop) {
      sendPage(res, 404, renderMessagePage('Shop not found', `No installed shop ${shopDomain}: run npm run demo first.`));
      return null;
    }
    return {
      base,
      shopDomain: shop.domain,
      shopKey: shop.shopKey,
      currency: shop.currency,
      ingestUrl,
      recommendationsUrl,
      cart: readCart(req),
      blockSettings: blockSettingsFrom(req),
      blocks: req.query.blocks !== '0',
    };
  }

  async function shopId(): Promise<number | null> {
    return (await findInstalledShop(db, shopDomain))?.id ?? null;
  }

  addAssetRoutes(router, base);

  router.get([base, `${base}/`], async (req, res) => {
    const ctx = await context(req, res);
    if (!ctx) return;
    const shop = await findInstalledShop(db, shopDomain);
    const products = await db.product.findMany({
      where: { shopId: shop!.id, ...ACTIVE_PRODUCTS },
      orderBy: { title: 'asc' },
      take: opts.homeProducts ?? 24,
    });
    sendPage(res, 200, renderHomePage(ctx, products));
  });

  router.get(`${base}/products/:handle`, async (req, res) => {
    const ctx = await context(req, res);
    if (!ctx) return;
    const id = await shopId();
    const product = await db.product.findFirst({ where: { shopId: id!, handle: String(req.params.handle), ...ACTIVE_PRODUCTS } });
    if (!product) {
      sendPage(res, 404, renderMessagePage('Product not found', 'No such product in this demo store.'));
      return;
    }
    sendPage(res, 200, renderProductPage(ctx, product));
  });

  router.get(`${base}/cart`, async (req, res) => {
    const ctx = await context(req, res);
    if (!ctx) return;
    const id = await shopId();
    const rows = await db.product.findMany({ where: { shopId: id!, productId: { in: ctx.cart } } });
    const byId = new Map(rows.map((p) => [p.productId, p]));
    const items = ctx.cart.map((pid) => byId.get(pid)).filter((p): p is Product => Boolean(p));
    sendPage(res, 200, renderCartPage(ctx, items));
  });

  addCartForms(router, base, db, shopId);
  // Stand-in for Shopify's own product recommendations (what the "shopify" fallback calls).
  router.get(`${base}/recommendations/products.json`, shopifyRecommendations(db, base, shopId));
  return router;
}

/** The extension's assets, the demo's product pictures and window.Shopify stand-in, and Shopify-style product URLs. */
function addAssetRoutes(router: Router, base: string): void {
  router.use(`${base}/assets`, express.static(ASSETS_DIR, { index: false, maxAge: '5m', fallthrough: false }));

  // Product pictures for the offline demo (the simulated catalog has no CDN): a tinted SVG
  // card with the product's initials, so the page looks like a shop without the network.
  router.get(`${base}/images/:id.svg`, (req, res) => {
    const id = String(req.params.id).replace(/[^0-9]/g, '').slice(0, 20) || '0';
    const hue = (Number(id.slice(-6)) * 47) % 360;
    const label = String(req.query.t ?? '').replace(/[^A-Za-z ]/g, '').split(' ').filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join('') || 'W';
    res.setHeader('Cache-Control', 'public, max-age=86400');
    res.type('image/svg+xml').send(
      `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="600" viewBox="0 0 600 600"><rect width="600" height="600" fill="hsl(${hue} 45% 86%)"/>` +
        `<circle cx="300" cy="280" r="150" fill="hsl(${hue} 40% 70%)"/><text x="300" y="330" font-family="sans-serif" font-size="140" text-anchor="middle" fill="hsl(${hue} 40% 30%)">${label}</text></svg>`,
    );
  });
  router.get(`${base}/shopify-stand-in.js`, (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(STAND_IN_JS);
  });

  // The app proxy answers product URLs as Shopify serves them (/products/<handle>).
  if (base) {
    router.get('/products/:handle', (req, res) => {
      res.redirect(302, `${base}/products/${encodeURIComponent(String(req.params.handle))}`);
    });
  }
}

/** Add to cart (a known product id) and clear the cart: forms that answer with the cart page. */
function addCartForms(router: Router, base: string, db: Db, shopId: () => Promise<number | null>): void {
  const form = express.urlencoded({ extended: false, limit: '2kb' });
  router.post(`${base}/cart/add`, form, async (req, res) => {
    const productId = String((req.body as Record<string, unknown> | undefined)?.product_id ?? '');
    const id = await shopId();
    if (id !== null && isId(productId) && (await db.product.findFirst({ where: { shopId: id, productId } }))) {
      const cart = readCart(req).filter((x) => x !== productId);
      writeCart(res, base, [...cart, productId].slice(-MAX_CART));
    }
    res.redirect(303, `${base}/cart`);
  });
  router.post(`${base}/cart/clear`, (_req, res) => {
    writeCart(res, base, []);
    res.redirect(303, `${base}/cart`);
  });
}

/** Shopify's own product recommendations, stood in: same product type first, then same vendor, by title. */
function shopifyRecommendations(db: Db, base: string, shopId: () => Promise<number | null>) {
  return async (req: Request, res: Response) => {
    const id = await shopId();
    const productId = String(req.query.product_id ?? '');
    const limit = Math.min(10, Math.max(1, Number.parseInt(String(req.query.limit ?? '4'), 10) || 4));
    const current = id !== null && isId(productId) ? await db.product.findFirst({ where: { shopId: id, productId } }) : null;
    if (!current) {
      res.status(404).json({ error: 'product not found' });
      return;
    }
    const candidates = await db.product.findMany({
      where: { shopId: id!, ...ACTIVE_PRODUCTS, available: true, productId: { not: productId } },
      orderBy: { title: 'asc' },
      take: 500,
    });
    const score = (p: Product) => (p.productType === current.productType ? 2 : 0) + (p.vendor === current.vendor ? 1 : 0);
    const ranked = candidates.sort((a, b) => score(b) - score(a)).slice(0, limit);
    res.setHeader('Cache-Control', 'private, max-age=60');
    res.json({ intent: req.query.intent === 'complementary' ? 'complementary' : 'related', products: ranked.map((p) => shopifyProductJson(p, base)) });
  };
}
