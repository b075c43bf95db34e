/**
 * Per-shop fairness for ingest: at most `perShop` batches of one shop are validated and
 * written at a time; the shop's other batches wait in its own FIFO queue (bounded: past
 * `maxQueued` the batch is refused, 429). A flood into one shop therefore occupies at most
 * `perShop` slots of the event loop and of the event store's group commit, and another
 * shop's batch starts as soon as it arrives instead of queueing behind the flood.
 * In-memory, per process (like the rate limits).
 */
export interface ShopGateOptions {
  perShop: number;
  maxQueued: number;
}

export interface ShopGate {
  /** Runs `work` when a slot of the shop is free; `null` when the shop's queue is full. */
  run<T>(shopId: number, work: () => Promise<T>): Promise<T> | null;
  /** batches running + waiting, for a shop (tests, metrics) */
  load(shopId: number): number;
}

/**
 * 4 at a time. The batches read in one turn of the event loop share a group commit
 * (app/ingest/event-store.ts), so a higher limit lets one busy shop fill bigger commits (in
 * a one-shop in-process run: ~75 µs of CPU per event at 2, ~59 at 8, ~46 at 32), but every
 * admitted batch also lengthens the commit another shop's batch waits for: at 16 the
 * ingest-fairness bench's quiet shop waited 1.5–2× longer at p50 during a flood than at 2.
 * Real stores send a few batches at a time; many shops together fill the commits.
 */
export const DEFAULT_SHOP_GATE: ShopGateOptions = { perShop: 4, maxQueued: 256 };

export function createShopGate(opts: ShopGateOptions = DEFAULT_SHOP_GATE): ShopGate {
  const lanes = new Map<number, { running: number; waiting: Array<() => void> }>();

  function release(shopId: number) {
    const lane = lanes.get(shopId)!;
    const next = lane.waiting.shift();
    if (next) next();
    else if (--lane.running === 0) lanes.delete(shopId);
  }

  return {
    run(shopId, work) {
      let lane = lanes.get(shopId);
      if (!lane) lanes.set(shopId, (lane = { running: 0, waiting: [] }));
      const start = () => {
        const p = Promise.resolve().then(work);
        p.then(() => release(shopId), () => release(shopId));
        return p;
      };
      if (lane.running < opts.perShop) {
        lane.running++;
        return start();
      }
      if (lane.waiting.length >= opts.maxQueued) return null;
      return new Promise<void>((resolve) => lane.waiting.push(resolve)).then(start);
    },
    load(shopId) {
      const lane = lanes.get(shopId);
      return lane ? lane.running + lane.waiting.length : 0;
    },
  };
}
