/**
 * Per-shop serving state, cached in each web process: the active model bundle, the
 * eligible catalog and the merchandising settings. A cheap version check (every
 * `checkEveryMs`) notices a newly activated model or catalog change, so an activation by
 * any worker reaches every web process within seconds, with no shared memory.
 *
 * The storefront reaches a state through the shop's domain: which domains are installed
 * shops is cached here too, briefly (`domainTtlMs`), so other processes see an uninstall
 * within seconds; this process forgets the shop at once (`forget`, app/shops/shop-caches.ts).
 *
 * Each load and each version check also adds the journeys that began after the model's
 * training data to the cached bundle's kNN neighbor pool (./fresh-journeys.ts, at most
 * FRESH_PER_CHECK per check), so new sessions shape recommendations without a retrain.
 *
 * Each load also gives catalog products the model never saw (a products/create webhook
 * since its training) similar products from their text (./new-products.ts), so a new product
 * is served, and can appear among existing products' similar products, before the next training.
 */
import type { Db } from '../db/client';
import { findInstalledShop } from '../shops/shop-rows';
import { decodeBundleAsync, ServingBundle } from '../../ml/serve';
import { parseMerchandising, type CatalogProduct, type Merchandising } from './eligibility';
import { catchUpLateSessions, freshCursor, type FreshCursor } from './fresh-journeys';
import { trainedThroughOf } from './version-metrics';
import { addNewProducts, type LiveCatalogText } from './new-products';

export interface ShopState {
  shopId: number;
  currency: string;
  holdoutPercent: number;
  merch: Merchandising;
  catalog: Map<string, CatalogProduct>;
  bundle: ServingBundle | null;
  modelVersion: number | null;
  /** How far the bundle's neighbor pool has read the journeys since its training (null without a bundle). */
  fresh?: FreshCursor | null;
  /** Popular product ids from recent events, used when no model is active yet. */
  popular: string[];
  stamp: string;
  /** The catalog's text index for adding unseen products to the bundle, kept for the next load of the same model. */
  catalogText?: LiveCatalogText | null;
}

export interface ShopStateCache {
  get(shopId: number): Promise<ShopState>;
  /**
   * The cached state at once, or undefined when there is none yet (or it was invalidated):
   * then `get` loads it. Like `get`, starts a background version check when one is due.
   */
  peek(shopId: number): ShopState | undefined;
  invalidate(shopId: number): void;
  /**
   * The installed shop's id for a domain when known: a number, null (not installed), or
   * undefined (not cached: ask `shopIdOf`).
   */
  cachedShopId(domain: string): number | null | undefined;
  /** Looks the domain up (and caches the answer): the installed shop's id, or null. */
  shopIdOf(domain: string): Promise<number | null>;
  /** Drops the shop's domain entry and its state (an uninstall or a redaction). */
  forget(domain: string): void;
}

async function currentStamp(db: Db, shopId: number): Promise<string> {
  const [model, product, shop] = await Promise.all([
    db.modelVersion.findFirst({ where: { shopId, status: 'active' }, orderBy: { version: 'desc' }, select: { version: true } }),
    db.product.aggregate({ where: { shopId }, _max: { updatedAt: true }, _count: { _all: true } }),
    db.shop.findUnique({ where: { id: shopId }, select: { updatedAt: true } }),
  ]);
  return `${model?.version ?? 0}:${product._max.updatedAt?.getTime() ?? 0}:${product._count._all}:${shop?.updatedAt.getTime() ?? 0}`;
}

async function popularFromEvents(db: Db, shopId: number, since: Date): Promise<string[]> {
  const rows = await db.event.groupBy({
    by: ['productId'],
    where: { shopId, ts: { gte: since }, productId: { not: null }, name: { in: ['product_viewed', 'product_added_to_cart'] } },
    _count: { _all: true },
    orderBy: { _count: { productId: 'desc' } },
    take: 200,
  });
  return rows.map((r) => r.productId!).filter(Boolean);
}

async function load(db: Db, shopId: number, stamp: string, previous?: ShopState): Promise<ShopState> {
  const [shop, products, active] = await Promise.all([
    db.shop.findUniqueOrThrow({ where: { id: shopId } }),
    db.product.findMany({ where: { shopId } }),
    db.modelVersion.findFirst({ where: { shopId, status: 'active' }, orderBy: { version: 'desc' } }),
  ]);
  const catalog = new Map<string, CatalogProduct>(
    products.map((p) => [
      p.productId,
      {
        id: p.productId,
        handle: p.handle,
        title: p.title,
        vendor: p.vendor,
        price: p.price,
        available: p.available,
        status: p.status,
        isGiftCard: p.isGiftCard,
        imageUrl: p.imageUrl,
      },
    ]),
  );
  const bundle = active?.artifact ? await ServingBundle.fromArtifact(await decodeBundleAsync(active.artifact)) : null;
  const catalogText = bundle && active ? addNewProducts(bundle, active.version, products, previous?.catalogText).live : null;
  const popular = bundle ? [] : await popularFromEvents(db, shopId, new Date(Date.now() - 30 * 86_400_000));
  return {
    shopId,
    currency: shop.currency,
    holdoutPercent: shop.holdoutPercent,
    merch: parseMerchandising(shop.merchandising),
    catalog,
    bundle,
    modelVersion: active?.version ?? null,
    fresh: bundle && active ? freshCursor(trainedThroughOf(active)) : null,
    popular,
    stamp,
    catalogText,
  };
}

/** Late journeys into the cached bundle's pool; a failed read leaves the pool as it is (the next check retries). */
async function catchUp(db: Db, state: ShopState): Promise<void> {
  if (!state.bundle || !state.fresh) return;
  try {
    await catchUpLateSessions(db, state.shopId, state.bundle, state.fresh);
  } catch {
    // serving goes on with the pool it has
  }
}

/** `popularEveryMs`: how often a shop without a model re-reads its best sellers from events. */
export function createShopStateCache(db: Db, checkEveryMs = 5_000, domainTtlMs = 5_000, popularEveryMs = 60_000): ShopStateCache {
  const entries = new Map<number, { state?: ShopState; checkedAt: number; pending?: Promise<ShopState>; popularAt?: number }>();
  // Keyed by domain: only domains Shopify signed for this app (or the dev shop) get here.
  const domains = new Map<string, { id: number | null; until: number }>();
  const idOfDomain = new Map<string, number>();

  async function refresh(shopId: number): Promise<ShopState> {
    const entry = entries.get(shopId)!;
    const stamp = await currentStamp(db, shopId);
    if (entry.state && entry.state.stamp === stamp) {
      const state = entry.state;
      await catchUp(db, state);
      // Without a model, best sellers follow the events (sessionizing does not change the stamp).
      if (!state.bundle && Date.now() - (entry.popularAt ?? 0) >= popularEveryMs) {
        state.popular = await popularFromEvents(db, shopId, new Date(Date.now() - 30 * 86_400_000));
        entry.popularAt = Date.now();
      }
      entry.checkedAt = Date.now();
      return state;
    }
    const state = await load(db, shopId, stamp, entry.state);
    entry.popularAt = Date.now();
    await catchUp(db, state);
    entry.state = state;
    entry.checkedAt = Date.now();
    return state;
  }

  function peek(shopId: number): ShopState | undefined {
    let entry = entries.get(shopId);
    if (!entry) entries.set(shopId, (entry = { checkedAt: 0 }));
    if (entry.state && Date.now() - entry.checkedAt < checkEveryMs) return entry.state;
    // One refresh at a time per shop; concurrent requests share it (or use the old state).
    if (!entry.pending) {
      const e = entry;
      e.pending = refresh(shopId).finally(() => {
        e.pending = undefined;
      });
      // A failed check keeps serving the old state; a request without one sees the error through get().
      e.pending.catch(() => {});
    }
    return entry.state && entry.checkedAt > 0 ? entry.state : undefined;
  }

  return {
    peek,
    async get(shopId) {
      return peek(shopId) ?? entries.get(shopId)!.pending!;
    },
    invalidate(shopId) {
      const e = entries.get(shopId);
      if (e) e.checkedAt = 0;
    },
    cachedShopId(domain) {
      const hit = domains.get(domain);
      return hit && hit.until > Date.now() ? hit.id : undefined;
    },
    async shopIdOf(domain) {
      const id = (await findInstalledShop(db, domain))?.id ?? null;
      domains.set(domain, { id, until: Date.now() + domainTtlMs });
      if (id !== null) idOfDomain.set(domain, id);
      return id;
    },
    forget(domain) {
      const id = idOfDomain.get(domain);
      if (id !== undefined) entries.delete(id);
      domains.delete(domain);
      idOfDomain.delete(domain);
    },
  };
}
