/**
 * The demo storefront's pages: Waymark's own minimal HTML (not Liquid), hosting the theme
 * app extension's blocks exactly as a theme would: the block markup from
 * ./block-markup.ts, and the extension's own assets/ files (JS + CSS) served as-is.
 * Every dynamic value is escaped (./html.ts).
 */
import type { Product } from '../../db/types';
import { renderEmbed, renderRecommendationBlock, type BlockSettings } from './block-markup';
import { renderFeedbackBlock } from './feedback-markup';
import { escapeHtml, jsonForScript } from './html';

export interface PageContext {
  /** URL prefix of the storefront routes, e.g. "/storefront". */
  base: string;
  shopDomain: string;
  shopKey: string;
  currency: string;
  ingestUrl: string;
  recommendationsUrl: string;
  /** Product ids in the demo cart. */
  cart: string[];
  /** Per-placement overrides of the block settings (e.g. `?layout=carousel` in the demo). */
  blockSettings?: Partial<BlockSettings>;
  /** false (`?blocks=0`): the same page without any Waymark block, asset or embed (performance baseline). */
  blocks?: boolean;
}

type PageInfo =
  | { type: 'home' }
  | { type: 'product'; productId: string; price: number }
  | { type: 'cart'; total: number; lines: { productId: string; qty: number; price: number }[] };

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

const DEMO_CSS = `
  :root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1c1c1c; }
  body { margin: 0; background: #fafaf7; }
  a { color: inherit; }
  .demo-header { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: center; justify-content: space-between;
    padding: 0.75rem 1.5rem; background: #fff; border-bottom: 1px solid #e3e3de; }
  .demo-header nav { display: flex; gap: 1rem; }
  .demo-shop { font-weight: 700; text-decoration: none; }
  .demo-consent { font-size: 0.875rem; display: flex; gap: 0.4rem; align-items: center; }
  .demo-main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
  .demo-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 1rem; padding: 0; list-style: none; }
  .demo-grid a { display: block; text-decoration: none; }
  .demo-grid img, .demo-product img { display: block; width: 100%; height: auto; aspect-ratio: 1 / 1; object-fit: cover; background: #ecece6; }
  .demo-product { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 2rem; align-items: start; }
  .demo-product img { max-width: 360px; }
  .demo-muted { color: #5c5c57; }
  .demo-button { padding: 0.6rem 1.2rem; border: 0; border-radius: 0.3rem; background: #1c1c1c; color: #fff; cursor: pointer; }
  .demo-button:focus-visible, a:focus-visible, input:focus-visible { outline: 2px solid #1c1c1c; outline-offset: 2px; }
  .demo-note { font-size: 0.8125rem; color: #5c5c57; }
`;

function layout(ctx: PageContext, title: string, page: PageInfo, main: string, embedProductId: string | null): string {
  const assets = `${ctx.base}/assets`;
  const withBlocks = ctx.blocks !== false;
  const config = {
    shopKey: ctx.shopKey,
    ingestUrl: ctx.ingestUrl,
    currency: ctx.currency,
    page,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(ctx.shopDomain)} (Waymark demo)</title>
${withBlocks ? `<link rel="stylesheet" href="${escapeHtml(assets)}/waymark-recs.css">\n<link rel="stylesheet" href="${escapeHtml(assets)}/waymark-feedback.css">\n` : ''}<style>${DEMO_CSS}</style>
<script type="application/json" id="waymark-demo-config">${jsonForScript(config)}</script>
<script type="module" src="${escapeHtml(ctx.base)}/shopify-stand-in.js"></script>
${withBlocks ? `<script src="${escapeHtml(assets)}/waymark-recs.js" defer></script>\n<script src="${escapeHtml(assets)}/waymark-feedback.js" defer></script>\n` : ''}</head>
<body>
<header class="demo-header">
  <a class="demo-shop" href="${escapeHtml(ctx.base)}">${escapeHtml(ctx.shopDomain)}</a>
  <nav aria-label="Demo store">
    <a href="${escapeHtml(ctx.base)}">Home</a>
    <a href="${escapeHtml(ctx.base)}/cart">Cart (${ctx.cart.length})</a>
  </nav>
  <label class="demo-consent"><input type="checkbox" id="waymark-consent" checked> Allow analytics (demo consent banner)</label>
</header>
<main class="demo-main" id="main">
${main}
</main>
${withBlocks ? renderEmbed({ src: `${assets}/waymark-embed.js`, productId: embedProductId }) : ''}
</body>
</html>
`;
}

function productUrl(ctx: PageContext, p: Pick<Product, 'handle'>): string {
  return `${ctx.base}/products/${encodeURIComponent(p.handle)}`;
}

function image(p: Pick<Product, 'imageUrl' | 'title'>, size: number, lazy: boolean): string {
  const safe = p.imageUrl && (/^https?:\/\//i.test(p.imageUrl) || /^\/[^/]/.test(p.imageUrl)) ? p.imageUrl : null;
  if (!safe) return `<div class="demo-noimage" role="img" aria-label="${escapeHtml(p.title)}" style="aspect-ratio:1/1;background:#ecece6"></div>`;
  return `<img src="${escapeHtml(safe)}" alt="${escapeHtml(p.title)}" width="${size}" height="${size}"${lazy ? ' loading="lazy"' : ''} decoding="async">`;
}

export function renderHomePage(ctx: PageContext, products: Product[]): string {
  const grid = products
    .map(
      (p, i) => `  <li><a href="${escapeHtml(productUrl(ctx, p))}">${image(p, 360, i >= 8)}
    <span>${escapeHtml(p.title)}</span></a>
    <span class="demo-muted">${escapeHtml(formatMoney(p.price, ctx.currency))}</span></li>`,
    )
    .join('\n');
  const main = `<h1>${escapeHtml(ctx.shopDomain)}</h1>
<p class="demo-note">Local demo storefront: the recommendation blocks below are Waymark's theme app extension blocks
(same markup, JS and CSS as in a theme), fed by the app proxy endpoint.</p>
${renderRecommendationBlock({
  id: 'home-recommended',
  placement: 'recommended',
  settings: ctx.blockSettings,
  cartProductIds: ctx.cart,
  currency: ctx.currency,
  endpoint: ctx.recommendationsUrl,
  fallbackUrl: `${ctx.base}/recommendations/products.json`,
})}
<h2>All products</h2>
<ul class="demo-grid" role="list">
${grid}
</ul>`;
  return layout(ctx, 'Home', { type: 'home' }, main, null);
}

export function renderProductPage(ctx: PageContext, p: Product): string {
  const block = (placement: 'also_like' | 'bought_together', id: string) =>
    ctx.blocks === false
      ? ''
      : renderRecommendationBlock({
      id,
      placement,
      settings: ctx.blockSettings,
      productId: p.productId,
      cartProductIds: ctx.cart,
      currency: ctx.currency,
      endpoint: ctx.recommendationsUrl,
      fallbackUrl: `${ctx.base}/recommendations/products.json`,
    });
  const main = `<article class="demo-product">
  ${image(p, 720, false)}
  <div>
    <h1>${escapeHtml(p.title)}</h1>
    ${p.vendor ? `<p class="demo-muted">${escapeHtml(p.vendor)}</p>` : ''}
    <p><strong>${escapeHtml(formatMoney(p.price, ctx.currency))}</strong></p>
    <form method="post" action="${escapeHtml(ctx.base)}/cart/add">
      <input type="hidden" name="product_id" value="${escapeHtml(p.productId)}">
      <button class="demo-button" type="submit"${p.available ? '' : ' disabled'}>${p.available ? 'Add to cart' : 'Sold out'}</button>
    </form>
  </div>
</article>
${block('also_like', 'product-also-like')}
${block('bought_together', 'product-bought-together')}
${ctx.blocks === false ? '' : renderFeedbackBlock({ id: 'product-feedback', template: 'product', productId: p.productId })}`;
  return layout(ctx, p.title, { type: 'product', productId: p.productId, price: p.price }, main, p.productId);
}

export function renderCartPage(ctx: PageContext, items: Product[]): string {
  const total = items.reduce((sum, p) => sum + p.price, 0);
  const rows = items
    .map((p) => `  <li><a href="${escapeHtml(productUrl(ctx, p))}">${escapeHtml(p.title)}</a> · ${escapeHtml(formatMoney(p.price, ctx.currency))}</li>`)
    .join('\n');
  const main = `<h1>Cart</h1>
${items.length ? `<ul>\n${rows}\n</ul>\n<p>Total: <strong>${escapeHtml(formatMoney(total, ctx.currency))}</strong></p>
<form method="post" action="${escapeHtml(ctx.base)}/cart/clear"><button class="demo-button" type="submit">Empty cart</button></form>` : '<p>Your cart is empty.</p>'}
${
  items.length
    ? renderRecommendationBlock({
        id: 'cart-bought-together',
        placement: 'bought_together',
        settings: ctx.blockSettings,
        cartProductIds: ctx.cart,
        currency: ctx.currency,
        endpoint: ctx.recommendationsUrl,
        fallbackUrl: `${ctx.base}/recommendations/products.json`,
      })
    : ''
}
${ctx.blocks === false ? '' : renderFeedbackBlock({ id: 'cart-feedback', template: 'cart' })}`;
  const lines = items.map((p) => ({ productId: p.productId, qty: 1, price: p.price }));
  return layout(ctx, 'Cart', { type: 'cart', total, lines }, main, null);
}

export function renderMessagePage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></main></body></html>
`;
}
