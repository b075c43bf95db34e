/**
 * At-most-once webhook handling, keyed by X-Shopify-Webhook-Id (the same id on every retry
 * of one delivery). A unique insert is the claim: of two concurrent copies only one
 * inserts and runs; the other is told the delivery is in progress (409, Shopify retries)
 * or already handled (200). The claim is released when the handler fails, so Shopify's
 * retry after our failure runs again; a claim left by a crashed process lapses after
 * STALE_CLAIM_MS. Rows are kept DELIVERY_KEEP_MS (far beyond Shopify's retry window) and
 * pruned by the retention job.
 */
import type { Db } from '../db/client';
import { isUniqueViolation } from '../db/types';

export const DELIVERY_KEEP_MS = 7 * 86_400_000;
export const STALE_CLAIM_MS = 5 * 60_000;

export type Claim = { claimed: true } | { claimed: false; state: 'handled' | 'in_progress' };

export async function claimDelivery(db: Db, d: { webhookId: string; shop: string; topic: string }, now = new Date()): Promise<Claim> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await db.webhookDelivery.create({ data: { webhookId: d.webhookId, shop: d.shop, topic: d.topic, receivedAt: now } });
      return { claimed: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const row = await db.webhookDelivery.findUnique({ where: { webhookId: d.webhookId } });
    if (!row) continue; // released meanwhile: try to claim again
    if (row.handledAt) return { claimed: false, state: 'handled' };
    if (now.getTime() - row.receivedAt.getTime() < STALE_CLAIM_MS) return { claimed: false, state: 'in_progress' };
    // A claim whose process died: take it over (only one taker wins the delete).
    const taken = await db.webhookDelivery.deleteMany({ where: { webhookId: d.webhookId, handledAt: null, receivedAt: row.receivedAt } });
    if (taken.count === 0) return { claimed: false, state: 'in_progress' };
  }
  return { claimed: false, state: 'in_progress' };
}

export async function markHandled(db: Db, webhookId: string, now = new Date()): Promise<void> {
  await db.webhookDelivery.updateMany({ where: { webhookId }, data: { handledAt: now } });
}

/** The handler failed: forget the claim so Shopify's retry runs. */
export async function releaseDelivery(db: Db, webhookId: string): Promise<void> {
  await db.webhookDelivery.deleteMany({ where: { webhookId, handledAt: null } });
}

export async function pruneDeliveries(db: Db, now = new Date()): Promise<number> {
  const res = await db.webhookDelivery.deleteMany({ where: { receivedAt: { lt: new Date(now.getTime() - DELIVERY_KEEP_MS) } } });
  return res.count;
}
