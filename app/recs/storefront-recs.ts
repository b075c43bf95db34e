/**
 * The storefront blocks' recommendations for a shop named by its domain: the query's
 * contract, the installed-shop and serving-state lookups (./shop-state.ts), the ranking
 * (./recommend.ts) and the app embed's "seen" mark. With the shop and its state cached
 * (nearly every request) `peek` answers synchronously; otherwise `answer` loads them.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import { FALLBACKS, PLACEMENTS, recommend, type RecResponse } from './recommend';
import type { ShopState, ShopStateCache } from './shop-state';

export const EMBED_MARK_MS = 10 * 60_000;

const ids = z
  .string()
  .max(2000)
  .optional()
  .transform((s) => (s ? s.split(',').map((x) => x.trim()).filter((x) => /^\d{1,20}$/.test(x)) : []));

export const recQuerySchema = z.object({
  placement: z.enum(PLACEMENTS),
  product_id: z.string().regex(/^\d{1,20}$/).optional(),
  cart: ids,
  recent: ids.transform((a) => a.slice(-20)),
  limit: z.coerce.number().int().min(1).max(24).default(8),
  visitor: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
  /** the block's "When Waymark has no recommendations" setting */
  fallback: z.enum(FALLBACKS).optional(),
});
export type RecQuery = z.infer<typeof recQuerySchema>;

export type StorefrontRecs = ReturnType<typeof createStorefrontRecs>;

export function createStorefrontRecs({ db, states, metrics, logger }: { db: Db; states: ShopStateCache; metrics: Metrics; logger: Logger }) {
  // The app embed is on when requests carry its session context (a visitor key or recent
  // products): recorded on the shop at most every EMBED_MARK_MS per process, off the answer's path.
  const embedMarked = new Map<number, number>();
  function markEmbedSeen(shopId: number) {
    const now = Date.now();
    if (now - (embedMarked.get(shopId) ?? 0) < EMBED_MARK_MS) return;
    embedMarked.set(shopId, now);
    // Raw, so that Shop.updatedAt (the serving cache's version stamp, ./shop-state.ts)
    // stays as it is: a Prisma update would make every process reload the shop's serving
    // state, products and model, every EMBED_MARK_MS.
    db.$executeRaw`UPDATE "Shop" SET "embedSeenAt" = ${new Date(now)} WHERE "id" = ${shopId}`.catch((err: unknown) => logger.warn({ err }, 'could not record the app embed'));
  }

  function rank(state: ShopState, q: RecQuery): RecResponse {
    if (q.visitor || q.recent.length) markEmbedSeen(state.shopId);
    const body = recommend(state, { placement: q.placement, productId: q.product_id, cart: q.cart, recent: q.recent, limit: q.limit, visitor: q.visitor, fallback: q.fallback });
    metrics.count(`recs_served_${body.strategy}`);
    return body;
  }

  return {
    /** The answer at once when the shop and its state are cached, else undefined (then call `answer`). */
    peek(domain: string, q: RecQuery): RecResponse | undefined {
      const shopId = states.cachedShopId(domain);
      const state = shopId ? states.peek(shopId) : undefined;
      return state && rank(state, q);
    },
    /** The answer, loading what is not cached; null when the shop is not installed. */
    async answer(domain: string, q: RecQuery): Promise<RecResponse | null> {
      const cached = states.cachedShopId(domain);
      const id = cached === undefined ? await states.shopIdOf(domain) : cached;
      return id === null ? null : rank(await states.get(id), q);
    },
  };
}
