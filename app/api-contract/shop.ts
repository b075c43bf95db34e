/** GET /api/shop: the overview every admin view starts from. GET /api/products: the product picker's catalog. */
import { z } from 'zod';

export const shopAnswerSchema = z.strictObject({
  shop: z.string(),
  mode: z.string(),
  currency: z.string(),
  /** The shop's IANA time zone: every day in the admin is one of its days. */
  timezone: z.string(),
  /** Today in the shop's time zone. */
  today: z.string(),
  /** The default window of every view (the API's default too), and whether to compare by default. */
  defaultRange: z.strictObject({ from: z.string(), to: z.string(), compare: z.boolean() }),
  installedAt: z.string(),
  pixelActive: z.boolean(),
  /** Shopify refused to refresh Waymark's access: background work is paused until the app is opened again. */
  needsReauth: z.strictObject({ since: z.string(), reason: z.string().nullable() }).nullable(),
  settings: z.strictObject({ sessionGapMinutes: z.number(), retentionDays: z.number(), holdoutPercent: z.number() }),
  /** the Waymark app embed, seen in storefront requests lately */
  embed: z.strictObject({ active: z.boolean(), lastSeenAt: z.string().nullable(), handle: z.string() }),
  counts: z.strictObject({ events: z.number(), journeys: z.number(), products: z.number() }),
  /** First and last day with journeys (the shop's days). */
  dataRange: z.strictObject({ firstDay: z.string().nullable(), lastDay: z.string().nullable() }).nullable(),
  activeModel: z
    .strictObject({ kind: z.string(), version: z.number(), metrics: z.record(z.string(), z.unknown()), baseline: z.record(z.string(), z.unknown()) })
    .nullable(),
});
export type ShopAnswer = z.infer<typeof shopAnswerSchema>;

export const pickedProductSchema = z.strictObject({ id: z.string(), title: z.string(), imageUrl: z.string().nullable(), available: z.boolean() });
export type PickedProduct = z.infer<typeof pickedProductSchema>;
export const productsAnswerSchema = z.strictObject({ products: z.array(pickedProductSchema) });
export type ProductsAnswer = z.infer<typeof productsAnswerSchema>;
