/**
 * UCI "Online Retail" invoices (Databricks by-day CSV format) → one
 * checkout_completed per invoice, Shopify-shaped → `toJourneyEvent`.
 *
 * Columns: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
 * - Invoice lines are (almost) contiguous in the file; a few interleave, so an
 *   invoice is emitted once it has not been seen for 200 lines (bounded memory).
 * - Skipped, as SOURCE.md advises: cancellations (InvoiceNo `C…`), non-product
 *   stock codes (POST, M, D, BANK CHARGES, AMAZONFEE, …: anything not 5 digits +
 *   optional letters), Quantity ≤ 0, UnitPrice ≤ 0. An invoice with no line left
 *   is dropped.
 * - orderId = InvoiceNo, productId = variantId = StockCode, price = UnitPrice,
 *   currency GBP, total = Σ qty × price (no tax/shipping in the data). Lines beyond
 *   the contract's 100 are cut by the pixel mapper; the total stays complete.
 * - clientId = `uci-c<CustomerID>`, or `uci-i<InvoiceNo>` when CustomerID is empty.
 * - InvoiceDate is UK local time; converted to UTC with the UK DST rule.
 */
import { toJourneyEvent } from '../../../extensions/waymark-pixel/src/to-journey-event';
import type { JourneyEvent } from '../../api-contract/ingest';
import { csvRows } from './csv';
import type { LineSource } from './lines';
import { checkoutCompleted, type ReplayProduct } from './shopify-shapes';

export interface UciRetailOptions {
  host?: string;
  /** Stop after this many emitted invoices. */
  limit?: number;
}

const PRODUCT_CODE = /^\d{5}[A-Za-z]{0,2}$/;

/** Last Sunday of a month (UTC date number). */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

/** "YYYY-MM-DD HH:MM:SS" in Europe/London → epoch ms UTC (BST: last Sun Mar 01:00 UTC → last Sun Oct 01:00 UTC). */
export function londonToUtc(s: string): number {
  const asUtc = Date.parse(`${s.trim().replace(' ', 'T')}Z`);
  if (!Number.isFinite(asUtc)) return NaN;
  const y = new Date(asUtc).getUTCFullYear();
  const bstStart = Date.UTC(y, 2, lastSunday(y, 2), 1);
  const bstEnd = Date.UTC(y, 9, lastSunday(y, 9), 1);
  const utcGuess = asUtc - 3_600_000;
  return utcGuess >= bstStart && utcGuess < bstEnd ? utcGuess : asUtc;
}

export async function* fromUciRetail(lines: LineSource, options: UciRetailOptions = {}): AsyncGenerator<JourneyEvent> {
  const host = options.host ?? 'uci-retail-replay.myshopify.com';
  // Open invoices: a few invoices' lines interleave in the file, so an invoice is
  // emitted once it has not been seen for WINDOW lines (or at the end).
  const open = new Map<string, Invoice>();
  let emitted = 0;

  const emit = (inv: Invoice): JourneyEvent | null => {
    open.delete(inv.invoice);
    if (!inv.lines.length) return null;
    const clientId = inv.customer ? `uci-c${inv.customer}` : `uci-i${inv.invoice}`;
    return toJourneyEvent(checkoutCompleted({ id: `uci-${inv.invoice}`, clientId, ts: inv.ts, host }, inv.invoice, `uci-${inv.invoice}`, inv.lines, 'GBP'));
  };

  for await (const { fields: f, col, lineNo } of csvRows(lines, 'InvoiceNo', 'UCI Online Retail')) {
    const invoice = f[col.InvoiceNo];
    if (invoice === 'InvoiceNo') continue; // repeated header of a concatenated file
    for (const inv of open.values()) {
      if (inv.lastLine >= lineNo - WINDOW) continue;
      const e = emit(inv);
      if (e) {
        yield e;
        if (options.limit !== undefined && ++emitted >= options.limit) return;
      }
    }
    if (!invoice || invoice.startsWith('C')) continue;
    const code = f[col.StockCode]?.trim() ?? '';
    const qty = Number(f[col.Quantity]);
    const price = Number(f[col.UnitPrice]);
    let current = open.get(invoice);
    if (!current) {
      const customer = (f[col.CustomerID] ?? '').trim().replace(/\.0+$/, '');
      open.set(invoice, (current = { invoice, ts: londonToUtc(f[col.InvoiceDate]), customer, lines: [], lastLine: lineNo }));
    }
    current.lastLine = lineNo;
    if (!PRODUCT_CODE.test(code) || !(qty > 0) || !(price > 0) || !Number.isInteger(qty)) continue;
    const title = (f[col.Description] ?? '').trim() || code;
    current.lines.push({ product: { id: code, title, price }, qty: Math.min(qty, 100_000) });
  }
  for (const inv of [...open.values()]) {
    const e = emit(inv);
    if (e) {
      yield e;
      if (options.limit !== undefined && ++emitted >= options.limit) return;
    }
  }
}

const WINDOW = 200;

interface Invoice {
  invoice: string;
  ts: number;
  customer: string;
  lines: Array<{ product: ReplayProduct; qty: number }>;
  lastLine: number;
}
