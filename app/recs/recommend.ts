/**
 * Answers one block's request: choose the group (holdout or not), rank with the shop's
 * active bundle for the placement, apply eligibility, exclusions and pins, fall back to
 * popular products when the model has nothing. Pure given the shop state.
 */
import type { ShopState } from './shop-state';
import { applyMerchandising, excludedIds, type CatalogProduct } from './eligibility';
import { assignGroup, type Group } from './holdout';

export const PLACEMENTS = ['recommended', 'also_like', 'bought_together'] as const;
export type Placement = (typeof PLACEMENTS)[number];

export interface RecRequest {
  placement: Placement;
  productId?: string;
  cart: string[];
  recent: string[];
  limit: number;
  visitor?: string;
}

export interface RecResponse {
  placement: Placement;
  group: Group;
  /** model: ranked by the shop's model (incl. bought-together / content); popular: fallback; none: nothing eligible */
  strategy: 'model' | 'popular' | 'none';
  modelVersion: number | null;
  products: Array<Pick<CatalogProduct, 'id' | 'handle' | 'title' | 'vendor' | 'price' | 'imageUrl'> & { currency: string; url: string }>;
}

export function recommend(state: ShopState, req: RecRequest): RecResponse {
  const group = assignGroup(state.shopId, req.visitor, state.holdoutPercent);
  const ctx = { currentProduct: req.productId, cart: req.cart, merch: state.merch };
  const exclude = excludedIds(ctx);
  // Over-fetch: some ranked ids will fail eligibility (out of stock, drafts, ...).
  const want = req.limit * 3 + state.merch.pins.length;

  let ranked: string[] = [];
  if (group === 'treatment' && state.bundle) {
    const b = state.bundle;
    if (req.placement === 'bought_together') {
      const basket = req.productId ? [req.productId, ...req.cart] : req.cart;
      ranked = b.boughtTogether(basket, want, exclude).ids;
    } else if (req.placement === 'also_like' && req.productId) {
      ranked = b.alsoLike(req.productId, want, exclude).ids;
    } else {
      const recent = req.productId ? [...req.recent.filter((id) => id !== req.productId), req.productId] : req.recent;
      ranked = b.nextItems(recent, want, exclude).ids;
    }
  }
  let products = ranked.length ? applyMerchandising(ranked, state.catalog, ctx, req.limit) : [];
  let strategy: RecResponse['strategy'] = 'model';
  if (products.length === 0) {
    const popular = state.bundle ? state.bundle.popular(want, exclude).ids : state.popular;
    products = applyMerchandising(popular, state.catalog, ctx, req.limit);
    strategy = products.length ? 'popular' : 'none';
  }
  return {
    placement: req.placement,
    group,
    strategy,
    modelVersion: state.modelVersion,
    products: products.map((p) => ({
      id: p.id,
      handle: p.handle,
      title: p.title,
      vendor: p.vendor,
      price: p.price,
      imageUrl: p.imageUrl,
      currency: state.currency,
      url: `/products/${encodeURIComponent(p.handle)}`,
    })),
  };
}
