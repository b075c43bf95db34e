/**
 * Mandatory compliance topics. Waymark never stores a customer id, name or email; a
 * shopper is known only by a salted hash of the browser id. Shopify names customers
 * by id and lists their orders, so the link is the order ids: every browser (hash)
 * that completed one of those orders is that customer's, and so are its journeys.
 * https://shopify.dev/docs/apps/build/privacy-law-compliance
 */
import { z } from 'zod';
import type { Db } from '../db/client';

const orderIds = z.array(z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)])).max(10_000);
/** The customers/* payloads, the parts we use (https://shopify.dev/docs/apps/build/privacy-law-compliance). */
export const customerRequestSchema = z.object({
  shop_domain: z.string().max(255),
  customer: z.object({ id: z.number().optional() }).partial().optional(),
  orders_requested: orderIds.optional(),
  orders_to_redact: orderIds.optional(),
});

export type CustomerRequest = z.infer<typeof customerRequestSchema>;

async function clientHashesForOrders(db: Db, shopId: number, orderIds: string[]): Promise<string[]> {
  if (orderIds.length === 0) return [];
  const rows = await db.event.findMany({
    where: { shopId, orderId: { in: orderIds } },
    select: { clientHash: true },
    distinct: ['clientHash'],
  });
  return rows.map((r) => r.clientHash);
}

/** customers/data_request: everything held about that customer, as JSON for the merchant. */
export async function exportCustomerData(db: Db, req: CustomerRequest) {
  const shop = await db.shop.findUnique({ where: { domain: req.shop_domain } });
  if (!shop) return { shop: req.shop_domain, events: [], journeys: [] };
  const orderIds = (req.orders_requested ?? []).map(String);
  const hashes = await clientHashesForOrders(db, shop.id, orderIds);
  const [events, journeys] = await Promise.all([
    db.event.findMany({ where: { shopId: shop.id, clientHash: { in: hashes } }, orderBy: { ts: 'asc' } }),
    db.journey.findMany({ where: { shopId: shop.id, clientHash: { in: hashes } }, orderBy: { startedAt: 'asc' } }),
  ]);
  return {
    shop: req.shop_domain,
    customerId: req.customer?.id ?? null,
    ordersRequested: orderIds,
    note: 'Waymark stores no names, emails, phone numbers or addresses. Browsing events are keyed by a salted hash of the browser id.',
    events,
    journeys,
  };
}

/** customers/redact: deletes the customer's events and journeys. Idempotent. */
export async function redactCustomer(db: Db, req: CustomerRequest): Promise<{ events: number; journeys: number }> {
  const shop = await db.shop.findUnique({ where: { domain: req.shop_domain } });
  if (!shop) return { events: 0, journeys: 0 };
  const orderIds = (req.orders_to_redact ?? []).map(String);
  const hashes = await clientHashesForOrders(db, shop.id, orderIds);
  const [events, journeys] = await db.$transaction([
    db.event.deleteMany({ where: { shopId: shop.id, OR: [{ clientHash: { in: hashes } }, { orderId: { in: orderIds } }] } }),
    db.journey.deleteMany({ where: { shopId: shop.id, clientHash: { in: hashes } } }),
  ]);
  return { events: events.count, journeys: journeys.count };
}

/** shop/redact (48 h after uninstall): deletes everything held for the shop. Idempotent. */
export async function redactShop(db: Db, domain: string): Promise<{ deleted: boolean }> {
  const shop = await db.shop.findUnique({ where: { domain } });
  await db.shopifySession.deleteMany({ where: { shop: domain } });
  if (!shop) return { deleted: false };
  // Cascades (schema onDelete: Cascade) remove events, journeys, products, models, jobs;
  // the roll-up and backfill tables carry only the shop id, so they go explicitly.
  await db.$transaction([...deleteShopAggregates(db, shop.id), db.shop.deleteMany({ where: { id: shop.id } })]);
  return { deleted: true };
}

/** Deletes of the per-shop tables that have no foreign key to Shop (roll-ups, backfill). */
export function deleteShopAggregates(db: Db, shopId: number) {
  const where = { shopId };
  return [
    db.analyticsPathDaily.deleteMany({ where }),
    db.analyticsTimingDaily.deleteMany({ where }),
    db.analyticsItemFlowDaily.deleteMany({ where }),
    db.analyticsItemDaily.deleteMany({ where }),
    db.analyticsSearchDaily.deleteMany({ where }),
    db.analyticsRollupState.deleteMany({ where }),
    db.orderBasket.deleteMany({ where }),
  ];
}
