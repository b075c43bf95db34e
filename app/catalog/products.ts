/** Catalog mirror: products/* webhooks and the Admin API backfill land here. */
import { z } from 'zod';
import type { Db } from '../db/client';
import { describeField, firstIssue } from '../problem';

/** The REST product payload of products/create and products/update, the parts we keep. */
export const productWebhookSchema = z.object({
  id: z.union([z.number(), z.string()]),
  handle: z.string().default(''),
  title: z.string().default(''),
  product_type: z.string().nullish(),
  vendor: z.string().nullish(),
  tags: z.union([z.string(), z.array(z.string())]).nullish(),
  status: z.string().nullish(),
  image: z.object({ src: z.string() }).nullish(),
  variants: z
    .array(
      z.object({
        price: z.union([z.string(), z.number()]).nullish(),
        inventory_quantity: z.number().nullish(),
        inventory_management: z.string().nullish(),
        inventory_policy: z.string().nullish(),
        requires_shipping: z.boolean().nullish(),
      }),
    )
    .default([]),
  gift_card: z.boolean().nullish(),
});

export interface ProductInput {
  productId: string;
  handle: string;
  title: string;
  productType: string;
  vendor: string;
  tags: string;
  price: number;
  available: boolean;
  status: string;
  isGiftCard: boolean;
  imageUrl: string | null;
}

export function productFromWebhook(raw: unknown): ProductInput | { error: string } {
  const parsed = productWebhookSchema.safeParse(raw);
  if (!parsed.success) return { error: describeField(firstIssue(parsed.error, 'product')) };
  const p = parsed.data;
  const prices = p.variants.map((v) => Number(v.price ?? 0)).filter((n) => Number.isFinite(n) && n > 0);
  const available = p.variants.some(
    (v) => !v.inventory_management || v.inventory_policy === 'continue' || (v.inventory_quantity ?? 0) > 0,
  );
  return {
    productId: String(p.id),
    handle: p.handle,
    title: p.title,
    productType: p.product_type ?? '',
    vendor: p.vendor ?? '',
    tags: Array.isArray(p.tags) ? p.tags.join(',') : (p.tags ?? ''),
    price: prices.length ? Math.min(...prices) : 0,
    available,
    status: (p.status ?? 'active').toUpperCase(),
    isGiftCard: Boolean(p.gift_card) || p.product_type?.toLowerCase() === 'gift card',
    imageUrl: p.image?.src ?? null,
  };
}

export async function upsertProducts(db: Db, shopId: number, products: ProductInput[]): Promise<number> {
  // One transaction per chunk: a catalog of 10k products syncs in a few round trips.
  const CHUNK = 200;
  for (let i = 0; i < products.length; i += CHUNK) {
    await db.$transaction(
      products.slice(i, i + CHUNK).map((p) =>
        db.product.upsert({
          where: { shopId_productId: { shopId, productId: p.productId } },
          create: { shopId, ...p },
          update: p,
        }),
      ),
    );
  }
  return products.length;
}

/** A deleted product leaves nothing behind in the mirror: its row and its stored reviews. */
export async function deleteProduct(db: Db, shopId: number, productId: string): Promise<void> {
  await db.$transaction([db.product.deleteMany({ where: { shopId, productId } }), db.productReview.deleteMany({ where: { shopId, productId } })]);
}
