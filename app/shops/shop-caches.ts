/**
 * Every per-process cache that answers for a shop: the ingest path's shop keys
 * (app/ingest/shop-resolver.ts) and the storefront's installed domains and serving states
 * (app/recs/shop-state.ts). `forget` clears the shop from all of them at once, so an
 * uninstall or a shop redaction stops ingest and recommendations in this process
 * immediately (other processes follow within their caches' few seconds).
 */
export interface ShopCaches {
  forget(domain: string): void;
}

export function createShopCaches(caches: { ingest: { invalidateDomain(domain: string): void }; recs: { forget(domain: string): void } }): ShopCaches {
  return {
    forget(domain) {
      caches.ingest.invalidateDomain(domain);
      caches.recs.forget(domain);
    },
  };
}
