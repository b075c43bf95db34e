/**
 * Posts JourneyEvents to a Waymark server's `POST /ingest` the way the web pixel
 * does (JSON body `{shopKey, events}` sent as text/plain), in batches, with
 * bounded concurrency and retries with exponential backoff on 429 / 5xx /
 * network errors (honoring Retry-After).
 *
 * Items may carry the browser's user agent (`{event, userAgent}`): batches are
 * then formed per user agent and sent with that User-Agent header, like the
 * pixel's requests from that browser. With `perClient`, a batch also never mixes
 * clients (it is cut when the clientId changes), which is what a real pixel sends;
 * use it for streams where a client's events are contiguous (the simulator).
 */
import { MAX_BATCH_BYTES, MAX_EVENTS_PER_BATCH, type JourneyEvent } from '../../api-contract/ingest';

export type IngestItem = JourneyEvent | { event: JourneyEvent; userAgent?: string };

export interface IngestProgress {
  /** Events handed to the server (in finished requests). */
  sent: number;
  accepted: number;
  rejected: number;
  /** Events in batches that failed for good (non-retryable status or retries exhausted). */
  failed: number;
  batches: number;
  retries: number;
}

export interface Rejection {
  batch: number;
  index: number;
  field?: string;
  message?: string;
}

export interface IngestResult extends IngestProgress {
  /** First 100 rejections / failures, for diagnostics. */
  rejections: Rejection[];
  errors: string[];
  elapsedMs: number;
}

export interface PostEventsOptions {
  baseUrl: string;
  shopKey: string;
  events: AsyncIterable<IngestItem> | Iterable<IngestItem>;
  batchSize?: number;
  concurrency?: number;
  onProgress?: (progress: IngestProgress) => void;
  /** Attempts after the first (default 6). */
  maxRetries?: number;
  /** Base backoff in ms (default 250; doubles per attempt, capped at 30 s). */
  backoffMs?: number;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Cut batches when the clientId changes (default false). */
  perClient?: boolean;
}

interface Batch {
  no: number;
  events: JourneyEvent[];
  userAgent?: string;
}

export async function postEvents(options: PostEventsOptions): Promise<IngestResult> {
  const batchSize = Math.max(1, Math.min(options.batchSize ?? 20, MAX_EVENTS_PER_BATCH));
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxRetries = options.maxRetries ?? 6;
  const backoff = options.backoffMs ?? 250;
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseUrl.replace(/\/+$/, '')}/ingest`;
  const started = Date.now();
  const progress: IngestProgress = { sent: 0, accepted: 0, rejected: 0, failed: 0, batches: 0, retries: 0 };
  const rejections: Rejection[] = [];
  const errors: string[] = [];
  const envelope = JSON.stringify({ shopKey: options.shopKey, events: [] }).length;

  const inFlight = new Set<Promise<void>>();
  let batchNo = 0;

  const send = async (batch: Batch): Promise<void> => {
    const body = JSON.stringify({ shopKey: options.shopKey, events: batch.events });
    const headers: Record<string, string> = { 'content-type': 'text/plain;charset=UTF-8' };
    if (batch.userAgent) headers['user-agent'] = batch.userAgent;
    for (let attempt = 0; ; attempt++) {
      let retryAfterMs: number | undefined;
      let problem: string;
      try {
        const res = await doFetch(url, { method: 'POST', headers, body, signal: options.signal });
        if (res.status === 204) {
          progress.accepted += batch.events.length;
          return done();
        }
        if (res.ok) {
          const json = (await res.json().catch(() => undefined)) as { accepted?: unknown; rejected?: unknown } | undefined;
          const rejected = Array.isArray(json?.rejected) ? (json!.rejected as Array<{ index?: number; field?: string; message?: string }>) : [];
          const accepted = typeof json?.accepted === 'number' ? json.accepted : batch.events.length - rejected.length;
          progress.accepted += accepted;
          progress.rejected += rejected.length;
          for (const r of rejected) if (rejections.length < 100) rejections.push({ batch: batch.no, index: r.index ?? -1, field: r.field, message: r.message });
          return done();
        }
        problem = `HTTP ${res.status}: ${(await res.text().catch(() => '')).slice(0, 200)}`;
        if (res.status !== 429 && res.status < 500) return fail(problem);
        const ra = res.headers.get('retry-after');
        if (ra && /^\d+(\.\d+)?$/.test(ra.trim())) retryAfterMs = Number(ra) * 1000;
      } catch (err) {
        if (options.signal?.aborted) return fail('aborted');
        problem = `network: ${(err as Error).message}`;
      }
      if (attempt >= maxRetries) return fail(`${problem} (after ${attempt + 1} attempts)`);
      progress.retries++;
      const wait = retryAfterMs ?? Math.min(30_000, backoff * 2 ** attempt) * (0.75 + Math.random() * 0.5);
      await new Promise((r) => setTimeout(r, wait));
    }

    function done(): void {
      progress.sent += batch.events.length;
      progress.batches++;
      options.onProgress?.({ ...progress });
    }
    function fail(message: string): void {
      progress.failed += batch.events.length;
      progress.batches++;
      if (errors.length < 100) errors.push(`batch ${batch.no}: ${message}`);
      options.onProgress?.({ ...progress });
    }
  };

  const dispatch = async (batch: Batch): Promise<void> => {
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    const p = send(batch).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };

  // Pending batch per user agent (one key when items carry none).
  const pending = new Map<string, { events: JourneyEvent[]; bytes: number }>();
  for await (const item of options.events as AsyncIterable<IngestItem>) {
    if (options.signal?.aborted) break;
    const event = 'event' in item ? item.event : item;
    const ua = 'event' in item ? item.userAgent ?? '' : '';
    const size = JSON.stringify(event).length + 1;
    let p = pending.get(ua);
    const clientChanged = options.perClient && p !== undefined && p.events.length > 0 && p.events[p.events.length - 1].clientId !== event.clientId;
    if (p && (clientChanged || p.events.length >= batchSize || envelope + p.bytes + size > MAX_BATCH_BYTES)) {
      await dispatch({ no: batchNo++, events: p.events, userAgent: ua || undefined });
      p = undefined;
    }
    if (!p) pending.set(ua, (p = { events: [], bytes: 0 }));
    p.events.push(event);
    p.bytes += size;
  }
  for (const [ua, p] of pending) if (p.events.length) await dispatch({ no: batchNo++, events: p.events, userAgent: ua || undefined });
  await Promise.all(inFlight);
  return { ...progress, rejections, errors, elapsedMs: Date.now() - started };
}

/** One progress note for the CLIs: accepted / rejected / failed so far. */
export function ingestProgressNote(p: IngestProgress): string {
  return `accepted ${p.accepted}  rejected ${p.rejected}${p.failed ? `  failed ${p.failed}` : ''}`;
}

/** Prints a run's counts and its first rejections and errors to stderr; sets a failing exit code if any batch failed. */
export function reportIngestResult(result: IngestResult): void {
  const { rejections, errors, ...counts } = result;
  process.stderr.write(`${JSON.stringify(counts)}\n`);
  for (const r of rejections.slice(0, 10)) process.stderr.write(`rejected: batch ${r.batch} #${r.index} ${r.field ?? ''} ${r.message ?? ''}\n`);
  for (const e of errors.slice(0, 10)) process.stderr.write(`error: ${e}\n`);
  if (result.failed > 0) process.exitCode = 1;
}
