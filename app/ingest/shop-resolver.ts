/**
 * Resolves a pixel's shop key to an installed shop, cached briefly so the hot ingest
 * path does not query the shop table per batch. Uninstalls invalidate the entry at once
 * in this process; other processes see it within `ttlMs`.
 */
import type { Db } from '../db/client';
import type { IngestShop } from './pipeline';

export function createShopResolver(db: Db, ttlMs = 5_000) {
  const cache = new Map<string, { shop: (IngestShop & { domain: string }) | null; until: number }>();
  return {
    async resolve(shopKey: string): Promise<IngestShop | null> {
      const now = Date.now();
      const hit = cache.get(shopKey);
      if (hit && hit.until > now) return hit.shop;
      const row = await db.shop.findUnique({
        where: { shopKey },
        select: { id: true, salt: true, domain: true, uninstalledAt: true },
      });
      const shop = row && !row.uninstalledAt ? { id: row.id, salt: row.salt, domain: row.domain } : null;
      if (cache.size > 100_000) cache.clear();
      cache.set(shopKey, { shop, until: now + ttlMs });
      return shop;
    },
    invalidateDomain(domain: string) {
      for (const [key, entry] of cache) if (!entry.shop || entry.shop.domain === domain) cache.delete(key);
    },
  };
}
