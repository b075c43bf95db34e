/**
 * Answers one block's request: choose the group (holdout or not), rank with the shop's
 * active bundle for the placement, apply eligibility, exclusions and pins. Pure given the
 * shop state.
 *
 * When Waymark has no answer the block decides what to show (its "When Waymark has no
 * recommendations" setting): the answer says so with no products (`strategy: 'none'`),
 * except that a block set to "Show best sellers" asks with `fallback=popular` and then
 * gets the shop's popular products (`strategy: 'popular'`).
 *
 * The holdout is a control group: it sees no Waymark ranking at all, not even best
 * sellers. Its visitors always get `strategy: 'holdout'` and no products, so the block
 * shows the theme's own recommendations or hides itself, as the merchant chose.
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
  /** the block's fallback setting; only 'popular' changes the answer */
  fallback?: Fallback;
}

export const FALLBACKS = ['shopify', 'popular', 'hide'] as const;
export type Fallback = (typeof FALLBACKS)[number];

export interface RecResponse {
  placement: Placement;
  group: Group;
  /**
   * model: ranked by the shop's model (incl. bought-together / content); popular: best
   * sellers, only when the block asked for them (fallback=popular); none: no Waymark answer;
   * holdout: the visitor is in the control group and gets no Waymark answer.
   */
  strategy: 'model' | 'popular' | 'none' | 'holdout';
  modelVersion: number | null;
  products: Array<Pick<CatalogProduct, 'id' | 'handle' | 'title' | 'vendor' | 'price' | 'imageUrl'> & { currency: string; url: string }>;
}

export function recommend(state: ShopState, req: RecRequest): RecResponse {
  const group = assignGroup(state.shopId, req.visitor, state.holdoutPercent);
  if (group === 'holdout') return { placement: req.placement, group, strategy: 'holdout', modelVersion: state.modelVersion, products: [] };
  const ctx = { currentProduct: req.productId, cart: req.cart, merch: state.merch };
  const exclude = excludedIds(ctx);
  // Over-fetch: some ranked ids will fail eligibility (out of stock, drafts, ...).
  const want = req.limit * 3 + state.merch.pins.length;

  let ranked: string[] = [];
  if (state.bundle) {
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
  if (products.length === 0 && req.fallback === 'popular') {
    const popular = state.bundle ? state.bundle.popular(want, exclude).ids : state.popular;
    products = applyMerchandising(popular, state.catalog, ctx, req.limit);
    strategy = products.length ? 'popular' : 'none';
  } else if (products.length === 0) {
    strategy = 'none';
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
