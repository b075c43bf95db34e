/**
 * YooChoose (RecSys Challenge 2015) clicks → product_viewed JourneyEvents, built
 * DIRECTLY in the compact shape: the data has no prices, pages or referrers, so a
 * Shopify ProductVariant (which requires a price) cannot be filled honestly.
 *
 * Two layouts, auto-detected from the first line:
 * - raw `yoochoose-clicks.dat`: no header, `SessionId,TimeStamp(ISO Z),ItemId,Category`;
 * - session-rec prepared: header `SessionId<sep>ItemId<sep>Time` (tab or comma,
 *   Time in Unix seconds; any column order; `TimeStamp` ISO also accepted).
 *   Note: session-rec's YooChoose files are shifted by −7200 s; pass
 *   `timeShiftSec: 7200` to recover UTC.
 * clientId = `yc-<SessionId>` (no user ids: one client per session).
 * Event ids `yc-<line number>` (idempotent re-runs).
 */
import type { JourneyEvent } from '../../api-contract/ingest';
import { parseCsvLine, sniffDelimiter } from './csv';
import type { LineSource } from './lines';

export interface SessionCsvOptions {
  timeShiftSec?: number;
  limit?: number;
  /** Prefix of ids and clientIds (default 'yc'). */
  prefix?: string;
}

export async function* fromYoochoose(lines: LineSource, options: SessionCsvOptions = {}): AsyncGenerator<JourneyEvent> {
  yield* fromSessionItemCsv(lines, { prefix: 'yc', ...options });
}

/** Generic `SessionId,ItemId,Time` (session-rec / reference-splits) reader, also used for YooChoose. */
export async function* fromSessionItemCsv(lines: LineSource, options: SessionCsvOptions = {}): AsyncGenerator<JourneyEvent> {
  const prefix = options.prefix ?? 'sr';
  const shift = (options.timeShiftSec ?? 0) * 1000;
  let delimiter: string | undefined;
  let col: { session: number; item: number; time: number; iso: boolean } | undefined;
  let lineNo = 0;
  let rows = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    if (!delimiter) {
      delimiter = sniffDelimiter(line);
      const head = parseCsvLine(line, delimiter).map((h) => h.trim().toLowerCase());
      if (head.includes('sessionid') || head.includes('session_id')) {
        const find = (...names: string[]) => head.findIndex((h) => names.includes(h));
        const timeCol = find('time', 'timestamp', 'ts');
        col = { session: find('sessionid', 'session_id'), item: find('itemid', 'item_id'), time: timeCol, iso: head[timeCol] === 'timestamp' };
        if (col.session < 0 || col.item < 0 || col.time < 0) throw new Error(`session CSV: need SessionId, ItemId, Time columns, got ${head.join(',')}`);
        continue;
      }
      col = { session: 0, item: 2, time: 1, iso: true }; // raw clicks.dat
    }
    if (options.limit !== undefined && rows >= options.limit) break;
    rows++;
    const f = parseCsvLine(line, delimiter);
    const raw = f[col!.time]?.trim() ?? '';
    const ts = (col!.iso || !/^[\d.]+$/.test(raw) ? Date.parse(raw) : Math.round(Number(raw) * 1000)) + shift;
    const session = f[col!.session]?.trim();
    const item = f[col!.item]?.trim();
    if (!session || !item || !Number.isFinite(ts) || ts < 0) continue;
    yield { id: `${prefix}-${lineNo}`, name: 'product_viewed', ts, clientId: `${prefix}-${session}`, productId: item };
  }
}
