/**
 * One simulated visit's running state: its clock, the sequence of its events' envelopes, the
 * referrer and utm tags the next page view carries, and how many pages it has seen.
 */
import type { Rng } from './rng';
import { context, type Envelope } from './shopify-events';
import type { Visitor } from './visitors';

export type Intent = 'browser' | 'considerer' | 'buyer';

export type Page =
  | { kind: 'home' }
  | { kind: 'collection'; c: number }
  | { kind: 'product'; p: number; via?: number }
  | { kind: 'search'; target?: number }
  | { kind: 'cart' }
  | { kind: 'checkout' }
  | { kind: 'exit' };

export type PageContext = ReturnType<typeof context>;

const MINUTE = 60_000;

export class Visit {
  /** The visit's clock (ms since the epoch). */
  t: number;
  intent: Intent = 'browser';
  /** The external referrer, then the previous page's URL. */
  referrer = '';
  /** The landing page's query string (utm tags); empty after the first page. */
  search = '';
  pages = 0;
  private seq = 0;

  constructor(
    readonly visitor: Visitor,
    readonly rng: Rng,
    private readonly host: string,
    private readonly shopName: string,
    startTs: number,
  ) {
    this.t = startTs;
  }

  /** The envelope of the visit's next event, stamped `ts`. */
  env(ts: number): Envelope {
    return { id: `sh-${this.rng.uuid().toUpperCase()}`, clientId: this.visitor.clientId, timestamp: new Date(ts).toISOString(), seq: this.seq++ };
  }

  /** A page view's context at the current time; the page becomes the next one's referrer. */
  view(path: string, title: string): { ctx: PageContext; ts: number } {
    const ctx = context({ host: this.host, path, search: this.search, referrer: this.referrer, title: `${title} – ${this.shopName}` }, this.visitor.browser);
    // Only the landing page carries the external referrer and utm tags.
    this.referrer = `https://${this.host}${path}${this.search}`;
    this.search = '';
    this.pages++;
    return { ctx, ts: this.t };
  }

  /** Time spent on a page: log-normal around `median` ms, between 1.5 s and 20 minutes. */
  dwell(median: number): void {
    this.t += Math.min(20 * MINUTE, Math.max(1500, Math.round(this.rng.logNormal(median, 0.8))));
  }

  /** The chance of leaving after this page: by intent, rising after the eighth page. */
  exitChance(): number {
    const base = this.intent === 'buyer' ? 0.06 : this.intent === 'considerer' ? 0.16 : 0.3;
    return base + Math.max(0, this.pages - 8) * 0.02;
  }

  /** The base chance of adding a viewed product to the cart, by intent. */
  addChance(): number {
    return this.intent === 'buyer' ? 0.32 : this.intent === 'considerer' ? 0.1 : 0.025;
  }
}
