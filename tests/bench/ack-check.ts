/**
 * The durability check of the ingest benchmarks: every event the server acknowledged is in
 * the store. Comparing counts cannot prove it (a request whose answer is lost, e.g. a
 * client timeout after the commit, stores events nobody counted as acknowledged), so the
 * load generator records the id of every acknowledged event (AckLedger), and the store is
 * asked for exactly those ids (storedAckCheck). Extra stored events, stored but never
 * acknowledged, are reported apart: they are harmless, a missing acknowledged one is not.
 */
import type { Db } from '../../app/db/client';

export interface AckCheck {
  /** events the server answered 200 for and did not list as rejected */
  acknowledged: number;
  /** of those, how many are in the store */
  storedOfAcknowledged: number;
  /** events of the run in the store that were never acknowledged (lost answers, timeouts) */
  extraStored: number;
  /** a few acknowledged events missing from the store, as `shopId:eventId` */
  missingSample: string[];
  everyAckStored: boolean;
}

/** The answer of POST /ingest to a batch it accepted (200). */
export interface IngestAnswer {
  rejected?: Array<{ index: number }>;
}

/** The ids of a batch the server acknowledged: all of them but the rejected indexes. */
export function acknowledgedIds(eventIds: readonly string[], answer: IngestAnswer): string[] {
  const rejected = new Set((answer.rejected ?? []).map((r) => r.index));
  return rejected.size ? eventIds.filter((_, i) => !rejected.has(i)) : [...eventIds];
}

const key = (shopId: number, eventId: string) => `${shopId}:${eventId}`;

/** Acknowledged event ids, per shop, as a load generator collects them. */
export class AckLedger {
  readonly byShop = new Map<number, string[]>();

  /** Records the events of a batch answered 200 with `body` (the JSON text of the answer). */
  recordAnswer(shopId: number, eventIds: readonly string[], body: string): void {
    this.add(shopId, acknowledgedIds(eventIds, JSON.parse(body) as IngestAnswer));
  }

  add(shopId: number, eventIds: readonly string[]): void {
    const list = this.byShop.get(shopId);
    if (list) for (const id of eventIds) list.push(id);
    else this.byShop.set(shopId, [...eventIds]);
  }

  get size(): number {
    let n = 0;
    for (const ids of this.byShop.values()) n += ids.length;
    return n;
  }

  keys(): string[] {
    return [...this.byShop].flatMap(([shopId, ids]) => ids.map((id) => key(shopId, id)));
  }
}

/**
 * Compares the acknowledged events with what the store holds: `storedOfAcknowledged` are the
 * keys the store returned when asked for the acknowledged ones, `storedTotal` every stored
 * event of the run (acknowledged or not).
 */
export function compareAcks(acknowledged: readonly string[], storedOfAcknowledged: Iterable<string>, storedTotal: number, sampleSize = 5): AckCheck {
  const stored = new Set(storedOfAcknowledged);
  const unique = new Set(acknowledged);
  const missing: string[] = [];
  let found = 0;
  for (const k of unique) {
    if (stored.has(k)) found++;
    else if (missing.length < sampleSize) missing.push(k);
  }
  return {
    acknowledged: unique.size,
    storedOfAcknowledged: found,
    extraStored: Math.max(0, storedTotal - found),
    missingSample: missing,
    everyAckStored: found === unique.size,
  };
}

/**
 * Asks the store for every acknowledged event (per shop, `chunk` ids per query) and counts
 * the run's stored events: ids starting with `eventIdPrefix` in the run's shops.
 */
export async function storedAckCheck(db: Db, ledger: AckLedger, run: { shopIds: number[]; eventIdPrefix: string }, chunk = 500): Promise<AckCheck> {
  const found: string[] = [];
  for (const [shopId, ids] of ledger.byShop) {
    for (let at = 0; at < ids.length; at += chunk) {
      const rows = await db.event.findMany({ where: { shopId, eventId: { in: ids.slice(at, at + chunk) } }, select: { eventId: true } });
      for (const r of rows) found.push(key(shopId, r.eventId));
    }
  }
  const storedTotal = await db.event.count({ where: { shopId: { in: run.shopIds }, eventId: { startsWith: run.eventIdPrefix } } });
  return compareAcks(ledger.keys(), found, storedTotal);
}
