/**
 * Diginetica (CIKM Cup 2016) `train-item-views.csv` → product_viewed JourneyEvents,
 * built DIRECTLY in the compact shape (no prices/pages in the data).
 *
 * Columns (`;`): session_id;user_id;item_id;timeframe;eventdate.
 * ts = eventdate 00:00 UTC + timeframe ms (the data has no clock time; this is
 * session-rec's convention, in UTC).
 * clientId = `dg-<session_id>` by default. With `clientBy: 'user'` logged-in rows
 * use `dg-u<user_id>`, but beware: every session's timeframe starts near midnight,
 * so two same-day sessions of one user overlap in time and merge into one journey.
 * Event ids `dg-<line number>`.
 */
import type { JourneyEvent } from '../../api-contract/ingest';
import { parseCsvLine, sniffDelimiter } from './csv';
import type { LineSource } from './lines';

export interface DigineticaOptions {
  clientBy?: 'session' | 'user';
  limit?: number;
}

export async function* fromDiginetica(lines: LineSource, options: DigineticaOptions = {}): AsyncGenerator<JourneyEvent> {
  let col: Record<string, number> | undefined;
  let delimiter = ';';
  let lineNo = 0;
  let rows = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    if (!col) {
      delimiter = sniffDelimiter(line);
      col = Object.fromEntries(parseCsvLine(line, delimiter).map((h, i) => [h.trim().toLowerCase(), i]));
      for (const need of ['session_id', 'item_id', 'timeframe', 'eventdate']) if (col[need] === undefined) throw new Error(`Diginetica: column ${need} missing`);
      continue;
    }
    if (options.limit !== undefined && rows >= options.limit) break;
    rows++;
    const f = parseCsvLine(line, delimiter);
    const day = Date.parse(`${f[col.eventdate]?.trim()}T00:00:00Z`);
    const ts = day + Number(f[col.timeframe]);
    const session = f[col.session_id]?.trim();
    const item = f[col.item_id]?.trim();
    if (!session || !item || !Number.isFinite(ts)) continue;
    const user = col.user_id !== undefined ? f[col.user_id]?.trim() : undefined;
    const clientId = options.clientBy === 'user' && user && user !== 'NA' ? `dg-u${user}` : `dg-${session}`;
    yield { id: `dg-${lineNo}`, name: 'product_viewed', ts: Math.round(ts), clientId, productId: item };
  }
}
