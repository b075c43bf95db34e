/**
 * The recommendation block and app embed markup, rendered in TypeScript for the local
 * demo storefront. It mirrors extensions/waymark-blocks/snippets/waymark-recs.liquid and
 * blocks/waymark-embed.liquid element for element (same tags, classes, data attributes;
 * tests/unit/extensions/waymark-blocks/block-markup.test.ts compares the two), so the demo runs the very
 * same assets/waymark-recs.js and waymark-recs.css as a real theme.
 *
 * Settings defaults and texts come from the extension itself: the blocks' {% schema %}
 * and locales/en.default(.schema).json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BLOCKS_EXTENSION_DIR } from '../paths';
import { escapeHtml } from './html';

export const EXTENSION_DIR = BLOCKS_EXTENSION_DIR;
export const ASSETS_DIR = join(EXTENSION_DIR, 'assets');

export type Placement = 'recommended' | 'also_like' | 'bought_together';
export type Layout = 'grid' | 'carousel';
export type Fallback = 'shopify' | 'popular' | 'hide';

export const PLACEMENTS: Record<Placement, { block: string; headingKey: string }> = {
  recommended: { block: 'recommended-for-you', headingKey: 'waymark.recommended_for_you.heading' },
  also_like: { block: 'also-like', headingKey: 'waymark.also_like.heading' },
  bought_together: { block: 'bought-together', headingKey: 'waymark.bought_together.heading' },
};

export interface BlockSettings {
  heading: string;
  product_count: number;
  layout: Layout;
  show_price: boolean;
  show_vendor: boolean;
  fallback: Fallback;
}

export interface SchemaSetting {
  type: string;
  id?: string;
  label?: string;
  default?: unknown;
  min?: number;
  max?: number;
  step?: number;
  autofill?: boolean;
  options?: { value: string; label: string }[];
  [key: string]: unknown;
}

export interface BlockSchema {
  name: string;
  target: string;
  javascript?: string;
  stylesheet?: string;
  enabled_on?: { templates?: string[]; groups?: string[] };
  settings: SchemaSetting[];
  [key: string]: unknown;
}

type LocaleTree = { [key: string]: string | LocaleTree };

let storefrontLocale: LocaleTree | undefined;
let schemaLocale: LocaleTree | undefined;

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function lookup(tree: LocaleTree, key: string): string | undefined {
  let node: string | LocaleTree | undefined = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node === 'string') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The storefront translation of `key` (Liquid's `'key' | t`), from locales/en.default.json. */
export function t(key: string): string {
  storefrontLocale ??= readJson<LocaleTree>(join(EXTENSION_DIR, 'locales', 'en.default.json'));
  return lookup(storefrontLocale, key) ?? `translation missing: en.${key}`;
}

/** A schema string: `t:settings.x` resolved from locales/en.default.schema.json, else as is. */
export function schemaText(value: string): string {
  if (!value.startsWith('t:')) return value;
  schemaLocale ??= readJson<LocaleTree>(join(EXTENSION_DIR, 'locales', 'en.default.schema.json'));
  return lookup(schemaLocale, value.slice(2)) ?? value;
}

/** The JSON between {% schema %} and {% endschema %} of a block file. */
export function parseBlockSchema(liquid: string): BlockSchema {
  const match = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/.exec(liquid);
  if (!match) throw new Error('no {% schema %} tag');
  return JSON.parse(match[1]!) as BlockSchema;
}

const schemaCache = new Map<string, BlockSchema>();

export function blockSchema(block: string): BlockSchema {
  let schema = schemaCache.get(block);
  if (!schema) {
    schema = parseBlockSchema(readFileSync(join(EXTENSION_DIR, 'blocks', `${block}.liquid`), 'utf8'));
    schemaCache.set(block, schema);
  }
  return schema;
}

/** The settings a merchant gets when adding the block: the schema defaults. */
export function defaultSettings(placement: Placement): BlockSettings {
  const defaults: Record<string, unknown> = {};
  for (const s of blockSchema(PLACEMENTS[placement].block).settings) {
    if (s.id && s.default !== undefined) defaults[s.id] = typeof s.default === 'string' ? schemaText(s.default) : s.default;
  }
  return {
    heading: String(defaults.heading ?? ''),
    product_count: Number(defaults.product_count ?? 4),
    layout: defaults.layout === 'carousel' ? 'carousel' : 'grid',
    show_price: defaults.show_price !== false,
    show_vendor: defaults.show_vendor === true,
    fallback: (['shopify', 'popular', 'hide'] as const).find((f) => f === defaults.fallback) ?? 'shopify',
  };
}

export interface RenderBlockOptions {
  /** block.id: unique on the page. */
  id: string;
  placement: Placement;
  /** Merged over the schema defaults. */
  settings?: Partial<BlockSettings>;
  /** The product recommended around (Liquid: autofilled product setting or `product`). */
  productId?: string | null;
  /** Product ids in the cart (Liquid: `cart.items | map: 'product_id' | uniq`). */
  cartProductIds?: readonly string[];
  /** ISO code of the presentment currency (Liquid: `cart.currency.iso_code`). */
  currency: string;
  /** Waymark's app proxy path. Liquid hard-codes the default. */
  endpoint?: string;
  /** Liquid: `routes.product_recommendations_url | append: '.json'`. */
  fallbackUrl?: string;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** Same structure as snippets/waymark-recs.liquid renders for one block. */
export function renderRecommendationBlock(opts: RenderBlockOptions): string {
  const s: BlockSettings = { ...defaultSettings(opts.placement), ...opts.settings };
  const count = clamp(Math.trunc(Number(s.product_count) || 4), 1, 24);
  const layout: Layout = s.layout === 'carousel' ? 'carousel' : 'grid';
  const rows = (cols: number) => Math.floor((count + cols - 1) / cols);
  const heading = s.heading.trim() || t(PLACEMENTS[opts.placement].headingKey);
  const cart = [...new Set(opts.cartProductIds ?? [])].join(',');
  const id = escapeHtml(`waymark-${opts.id}`);
  const classes = ['waymark-recs', `waymark-recs--${layout}`];
  if (s.show_price) classes.push('waymark-recs--price');
  if (s.show_vendor) classes.push('waymark-recs--vendor');

  const nav =
    layout === 'carousel'
      ? `
      <div class="waymark-recs__nav">
        <button type="button" class="waymark-recs__button waymark-recs__button--prev" aria-controls="${id}-list" aria-label="${escapeHtml(t('waymark.carousel.previous'))}" data-waymark-prev disabled>
          <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><path d="M10 3 5 8l5 5" fill="none" stroke="currentColor" stroke-width="2"/></svg>
        </button>
        <button type="button" class="waymark-recs__button waymark-recs__button--next" aria-controls="${id}-list" aria-label="${escapeHtml(t('waymark.carousel.next'))}" data-waymark-next disabled>
          <svg aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 16 16"><path d="m6 3 5 5-5 5" fill="none" stroke="currentColor" stroke-width="2"/></svg>
        </button>
      </div>`
      : '';

  const skeleton = `
      <li class="waymark-recs__item waymark-recs__item--skeleton" aria-hidden="true">
        <div class="waymark-card">
          <div class="waymark-card__media"></div>
          <div class="waymark-card__body"></div>
        </div>
      </li>`.repeat(count);

  return `<section
  id="${id}"
  class="${classes.join(' ')}"
  style="--wm-count: ${count}; --wm-rows-2: ${rows(2)}; --wm-rows-3: ${rows(3)}; --wm-rows-4: ${rows(4)};"
  aria-labelledby="${id}-heading"
  data-waymark-recs
  data-placement="${escapeHtml(opts.placement)}"
  data-endpoint="${escapeHtml(opts.endpoint ?? '/apps/waymark/recommendations')}"
  data-fallback-url="${escapeHtml(opts.fallbackUrl ?? '/recommendations/products.json')}"
  data-fallback="${escapeHtml(s.fallback)}"
  data-limit="${count}"
  data-layout="${layout}"
  data-show-price="${s.show_price ? 'true' : 'false'}"
  data-show-vendor="${s.show_vendor ? 'true' : 'false'}"
  data-product-id="${escapeHtml(opts.productId ?? '')}"
  data-cart="${escapeHtml(cart)}"
  data-currency="${escapeHtml(opts.currency)}"
  data-text-loaded="${escapeHtml(t('waymark.status.loaded'))}"
>
  <div class="waymark-recs__header">
    <h2 class="waymark-recs__heading" id="${id}-heading">${escapeHtml(heading)}</h2>${nav}
  </div>
  <ul class="waymark-recs__list" id="${id}-list" role="list" aria-busy="true">${skeleton}
  </ul>
  <p class="waymark-recs__status" role="status" data-waymark-status>${escapeHtml(t('waymark.status.loading'))}</p>
</section>`;
}

/** Same as blocks/waymark-embed.liquid renders (`src` = the asset URL). */
export function renderEmbed(opts: { src: string; productId?: string | null }): string {
  return `<script
  src="${escapeHtml(opts.src)}"
  defer
  data-waymark-embed
  data-product-id="${escapeHtml(opts.productId ?? '')}"
></script>`;
}
