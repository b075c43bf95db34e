/**
 * Mandatory compliance topics. Waymark never stores a customer id, name or email; a
 * shopper is known only by a salted hash of the browser id. Shopify names customers
 * by id and lists their orders, so the link is the order ids: every browser (hash)
 * that completed one of those orders is that customer's, and so are its journeys.
 * https://shopify.dev/docs/apps/build/privacy-law-compliance
 *
 * The webhooks only record the request (a DataExport or RedactionRequest row) and queue
 * a job; the jobs (`data_export`, `redact`) do the work here, so Shopify gets its 200
 * within seconds whatever the shop's size.
 */
import { z } from 'zod';
import type { Db } from '../db/client';
import { daysSpanned } from '../analytics/utc-days';
import { rebuildDay } from '../jobs/rollup-job';
import { trainShop } from '../jobs/train-job';

const orderIds = z.array(z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,20}$/)])).max(10_000);
/** The customers/* payloads, the parts we use (https://shopify.dev/docs/apps/build/privacy-law-compliance). */
export const customerRequestSchema = z.object({
  shop_domain: z.string().max(255),
  customer: z.object({ id: z.union([z.number(), z.string().max(40)]).optional() }).partial().optional(),
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

/** Everything held about the customer who placed `orderIds` in the shop, as JSON for the merchant. */
export async function exportCustomerData(db: Db, shopId: number, orderIdsIn: Array<string | number>) {
  const orderIds = orderIdsIn.map(String);
  const hashes = await clientHashesForOrders(db, shopId, orderIds);
  const [events, journeys, orderBaskets] = await Promise.all([
    db.event.findMany({ where: { shopId, OR: [{ clientHash: { in: hashes } }, { orderId: { in: orderIds } }] }, orderBy: { ts: 'asc' } }),
    db.journey.findMany({ where: { shopId, clientHash: { in: hashes } }, orderBy: { startedAt: 'asc' } }),
    db.orderBasket.findMany({ where: { shopId, orderId: { in: orderIds } }, orderBy: { createdAt: 'asc' } }),
  ]);
  return {
    note: 'Waymark stores no names, emails, phone numbers or addresses. Browsing events are keyed by a salted hash of the browser id; they are linked to the customer through the orders Shopify listed.',
    ordersRequested: orderIds,
    events: events.map(({ id, shopId: _s, ...e }) => ({ ...e, id: id.toString() })),
    journeys: journeys.map(({ shopId: _s, ...j }) => j),
    orderBaskets: orderBaskets.map(({ shopId: _s, ...o }) => o),
  };
}

export type CustomerExport = Awaited<ReturnType<typeof exportCustomerData>>;

/** customers/data_request, recorded: the export row the `data_export` job fills. */
export async function recordDataRequest(db: Db, shopId: number, req: CustomerRequest) {
  return db.dataExport.create({
    data: {
      shopId,
      customerId: req.customer?.id != null ? String(req.customer.id) : null,
      ordersRequested: JSON.stringify((req.orders_requested ?? []).map(String)),
    },
  });
}

/** The `data_export` job: fills every pending export of the shop. */
export async function runDataExports(db: Db, shopId: number): Promise<{ exports: number }> {
  const pending = await db.dataExport.findMany({ where: { shopId, status: 'pending' }, orderBy: { id: 'asc' } });
  for (const row of pending) {
    const data = await exportCustomerData(db, shopId, JSON.parse(row.ordersRequested) as string[]);
    const payload = JSON.stringify({ customerId: row.customerId, requestedAt: row.createdAt, ...data });
    // updateMany: a redaction may have deleted the row meanwhile.
    await db.dataExport.updateMany({ where: { id: row.id }, data: { status: 'ready', payload, completedAt: new Date() } });
  }
  return { exports: pending.length };
}

/** customers/redact and shop/redact, recorded for the `redact` job. */
export async function recordRedaction(db: Db, shopId: number, kind: 'customer' | 'shop', req?: CustomerRequest) {
  return db.redactionRequest.create({
    data: {
      shopId,
      kind,
      customerId: req?.customer?.id != null ? String(req.customer.id) : null,
      orderIds: JSON.stringify((req?.orders_to_redact ?? []).map(String)),
    },
  });
}

export interface RedactJobOptions {
  signal?: AbortSignal;
}

/** The `redact` job: carries out the shop's pending redactions, then forgets them. */
export async function runRedactions(db: Db, shopId: number, opts: RedactJobOptions = {}) {
  const pending = await db.redactionRequest.findMany({ where: { shopId }, orderBy: { id: 'asc' } });
  if (pending.some((r) => r.kind === 'shop')) {
    const shop = await db.shop.findUnique({ where: { id: shopId }, select: { domain: true } });
    if (shop) await redactShop(db, shop.domain);
    return { shop: true, customers: 0 };
  }
  const totals = { events: 0, journeys: 0, orderBaskets: 0, exports: 0, rollupDays: 0, models: 'unchanged' as string };
  for (const r of pending) {
    const res = await redactCustomer(db, shopId, { customerId: r.customerId, orderIds: JSON.parse(r.orderIds) as string[] });
    totals.events += res.events;
    totals.journeys += res.journeys;
    totals.orderBaskets += res.orderBaskets;
    totals.exports += res.exports;
    totals.rollupDays += res.rollupDays;
  }
  if (totals.events + totals.journeys + totals.orderBaskets > 0) totals.models = await replaceModels(db, shopId, opts);
  // Done: the request's order ids go with it.
  await db.redactionRequest.deleteMany({ where: { id: { in: pending.map((r) => r.id) } } });
  return { shop: false, customers: pending.length, ...totals };
}

/**
 * customers/redact: deletes everything derived from the customer who placed `orderIds`:
 * their events and journeys, the orders' baskets, exports made for them, and their
 * contribution to the roll-ups (the days their journeys touched are rebuilt from what
 * remains). Models are replaced by the caller (replaceModels). Idempotent.
 */
export async function redactCustomer(db: Db, shopId: number, req: { customerId: string | null; orderIds: string[] }) {
  const orderIds = req.orderIds.map(String);
  const hashes = await clientHashesForOrders(db, shopId, orderIds);
  const eventJourneys = await db.event.findMany({
    where: { shopId, journeyId: { not: null }, OR: [{ clientHash: { in: hashes } }, { orderId: { in: orderIds } }] },
    select: { journeyId: true },
    distinct: ['journeyId'],
  });
  const journeyWhere = { shopId, OR: [{ clientHash: { in: hashes } }, { id: { in: eventJourneys.map((e) => e.journeyId!) } }] };
  const spans = await db.journey.findMany({ where: journeyWhere, select: { startedAt: true, endedAt: true } });
  const days = new Set<string>();
  for (const j of spans) for (const d of daysSpanned(j.startedAt.getTime(), j.endedAt.getTime())) days.add(d);
  const exports = (await db.dataExport.findMany({ where: { shopId }, select: { id: true, customerId: true, ordersRequested: true } })).filter(
    (x) =>
      (req.customerId != null && x.customerId === req.customerId) ||
      (JSON.parse(x.ordersRequested) as string[]).some((o) => orderIds.includes(String(o))),
  );
  const [events, journeys, orderBaskets, deletedExports] = await db.$transaction([
    db.event.deleteMany({ where: { shopId, OR: [{ clientHash: { in: hashes } }, { orderId: { in: orderIds } }] } }),
    db.journey.deleteMany({ where: journeyWhere }),
    db.orderBasket.deleteMany({ where: { shopId, orderId: { in: orderIds } } }),
    db.dataExport.deleteMany({ where: { shopId, id: { in: exports.map((x) => x.id) } } }),
  ]);
  // Roll-ups are per day of a journey's start; a journey spanning midnight counts in its first day,
  // but every spanned day is rebuilt (cheap, and exact whatever the roll-up keys on).
  for (const day of [...days].sort()) await rebuildDay(db, shopId, day);
  return { events: events.count, journeys: journeys.count, orderBaskets: orderBaskets.count, exports: deletedExports.count, rollupDays: days.size };
}

/**
 * Model artifacts hold sessions (ml/serve.ts: session-kNN keeps them), and they cannot be
 * edited out. So: retrain now from what remains, then delete every other version (active
 * before, and retired). If the retraining fails, every version goes and the shop serves
 * the fallback until the next training (a follow-up job, app/jobs/follow-ups.ts).
 */
export async function replaceModels(db: Db, shopId: number, opts: RedactJobOptions = {}): Promise<string> {
  const had = await db.modelVersion.count({ where: { shopId } });
  if (had === 0) return 'none';
  await db.modelVersion.deleteMany({ where: { shopId, status: { not: 'active' } } });
  try {
    const trained = await trainShop(db, shopId, { signal: opts.signal, replaceLive: 'it held the sessions of a customer whose data was redacted' });
    await db.modelVersion.deleteMany({ where: { shopId, id: { not: trained.modelVersionId } } });
    return `retrained (version ${trained.version})`;
  } catch {
    await db.modelVersion.deleteMany({ where: { shopId } });
    return 'deleted (retraining failed; the next training replaces it)';
  }
}

/** shop/redact (48 h after uninstall): deletes everything held for the shop. Idempotent. */
export async function redactShop(db: Db, domain: string): Promise<{ deleted: boolean }> {
  const shop = await db.shop.findUnique({ where: { domain } });
  await db.shopifySession.deleteMany({ where: { shop: domain } });
  if (!shop) return { deleted: false };
  // Cascades (schema onDelete: Cascade) remove events, journeys, products, models, jobs,
  // exports and redaction requests; the roll-up and backfill tables carry only the shop
  // id, so they go explicitly.
  // The webhook-delivery log names the shop too (this very shop/redact delivery included:
  // it was marked handled before this job ran). A replay finds no shop and changes nothing.
  await db.$transaction([
    ...deleteShopAggregates(db, shop.id),
    db.webhookDelivery.deleteMany({ where: { shop: domain } }),
    db.shop.deleteMany({ where: { id: shop.id } }),
  ]);
  return { deleted: true };
}

/** Deletes of the per-shop tables that have no foreign key to Shop (roll-ups, backfill), and exports. */
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
    db.dataExport.deleteMany({ where }),
  ];
}
