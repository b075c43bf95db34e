/**
 * Posts simulator output through POST /ingest the way real browsers' pixels do: each
 * request carries one browser's events (one session's, at most `batchSize`), with that
 * browser's User-Agent, several browsers in flight at once.
 */
import type { SimulatedEvent } from '../simulator';
import type { JourneyEvent } from '../ingest/journey-event';

export interface PostSimulatedOptions {
  baseUrl: string;
  shopKey: string;
  events: Iterable<SimulatedEvent>;
  batchSize?: number;
  concurrency?: number;
  onProgress?: (sent: number) => void;
}

export interface PostResult {
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  requests: number;
}

export async function postSimulatedEvents(opts: PostSimulatedOptions): Promise<PostResult> {
  const batchSize = opts.batchSize ?? 20;
  const concurrency = opts.concurrency ?? 8;
  const result: PostResult = { sent: 0, accepted: 0, duplicates: 0, rejected: 0, requests: 0 };
  const inFlight = new Set<Promise<void>>();

  async function send(events: JourneyEvent[], userAgent: string) {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${opts.baseUrl}/ingest`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'user-agent': userAgent },
        body: JSON.stringify({ shopKey: opts.shopKey, events }),
      });
      result.requests++;
      if ((res.status === 429 || res.status >= 500) && attempt < 5) {
        await res.arrayBuffer();
        const wait = Number(res.headers.get('retry-after') ?? 0) * 1000 || 100 * 2 ** attempt;
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      const body = (await res.json()) as { accepted?: number; duplicates?: number; rejected?: unknown[]; error?: string };
      if (!res.ok) throw new Error(`POST /ingest answered ${res.status}: ${body.error ?? 'no error message'}`);
      result.accepted += body.accepted ?? 0;
      result.duplicates += body.duplicates ?? 0;
      result.rejected += body.rejected?.length ?? 0;
      result.sent += events.length;
      opts.onProgress?.(result.sent);
      return;
    }
  }

  async function enqueue(events: JourneyEvent[], userAgent: string) {
    if (events.length === 0) return;
    const p: Promise<void> = send(events, userAgent).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }

  let batch: JourneyEvent[] = [];
  let session = -1;
  let userAgent = '';
  for (const e of opts.events) {
    if (e.session !== session || batch.length >= batchSize) {
      await enqueue(batch, userAgent);
      batch = [];
      session = e.session;
      userAgent = e.userAgent;
    }
    batch.push(e.event);
  }
  await enqueue(batch, userAgent);
  await Promise.all(inFlight);
  return result;
}
