/**
 * Deterministic, streaming store simulator.
 *
 * `simulate(options)` is a generator: it yields one event at a time (Shopify-shaped
 * pixel event + the compact JourneyEvent the real pixel would send for it, via the
 * pixel's own `toJourneyEvent`) and keeps only bounded state (catalogs, a capped
 * returning-visitor pool, the current session), so it scales to millions of events.
 * Same options (seed included) → identical output.
 *
 * Order: sessions are generated in start-time order (an inhomogeneous Poisson
 * process with a time-of-day and day-of-week profile over [startDate, +days));
 * each session's events are yielded together, in time order. Concurrent sessions
 * are therefore not interleaved (the backend sessionises per client anyway).
 * With an `events` target the session rate is calibrated so that the target is
 * reached at about the end of the date range (it stops at exactly `events`).
 */
import { toJourneyEvent } from '../../../extensions/waymark-pixel/src/to-journey-event';
import type { JourneyEvent } from '../../ingest/journey-event';
import type { DeviceClass } from '../../journeys/device-class';
import { generateCatalog, type Catalog, type SimProduct } from './catalog';
import { Rng } from './rng';
import { build, cart as buildCart, checkout as buildCheckout, context, type CheckoutInfo, type Envelope, type PageInfo, type SimLine, type SimPixelEvent } from './shopify-events';
import { newVisitor, VisitorPool, type Visitor } from './visitors';

export interface SimulateOptions {
  seed: number | string;
  /** Number of shops (default 1). Each has its own catalog, visitors and host. */
  shops?: number;
  /** Length of the simulated period in days (default 30). */
  days?: number;
  /** Start of the period (default 2026-01-01T00:00:00Z). */
  startDate?: string | number | Date;
  /** Stop after this many sessions (all shops together). */
  sessions?: number;
  /** Stop after exactly this many events. Default when neither is set: 400 sessions/day/shop. */
  events?: number;
  /** Products per shop catalog (default 240). */
  products?: number;
  /** Share of sessions from returning visitors (default 0.3). */
  returningRate?: number;
  /** Shop's UTC offset for the time-of-day profile (default -5, US Eastern). */
  utcOffsetHours?: number;
  currency?: string;
}

export interface SimulatedEvent {
  /** Shop index (0-based), see `shopHosts`. */
  shop: number;
  /** The Shopify standard event, as `analytics.subscribe` delivers it. */
  pixel: SimPixelEvent;
  /** The compact event the pixel sends (toJourneyEvent of `pixel`). */
  event: JourneyEvent;
  /** Browser user agent (the ingest request's User-Agent). */
  userAgent: string;
  device: DeviceClass;
  /** Global session counter (0-based), for tests and stats. */
  session: number;
}

const DEFAULT_START = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const SESSION_GAP = 30 * MINUTE;
/** Hourly traffic profile (shop local time). */
const HOURLY = [0.3, 0.2, 0.14, 0.1, 0.1, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95, 1.0, 1.1, 1.05, 0.95, 0.9, 0.9, 0.95, 1.05, 1.25, 1.35, 1.3, 1.0, 0.6];
/** Mon..Sun */
const WEEKDAY = [1.0, 0.97, 0.97, 1.0, 1.05, 1.12, 1.1];
const PROFILE_MAX = 1.35 * 1.12;
const PROFILE_MEAN = (HOURLY.reduce((a, b) => a + b, 0) / 24) * (WEEKDAY.reduce((a, b) => a + b, 0) / 7);

export function shopHost(shop: number, seed: number | string): string {
  return `trailhead-outfitters-${shop + 1}-${String(seed).replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 12) || 's'}.myshopify.com`;
}

/** The catalogs `simulate` uses for these options (shop i → catalogs[i]). */
export function simulatorCatalogs(options: Pick<SimulateOptions, 'seed' | 'shops' | 'products' | 'currency'>): Catalog[] {
  const shops = Math.max(1, options.shops ?? 1);
  return Array.from({ length: shops }, (_, i) => generateCatalog({ seed: `${options.seed}:shop${i}`, products: options.products, currency: options.currency }));
}

export function* simulate(options: SimulateOptions): Generator<SimulatedEvent> {
  const shopsN = Math.max(1, options.shops ?? 1);
  const days = Math.max(1 / 24, options.days ?? 30);
  const start = options.startDate === undefined ? DEFAULT_START : new Date(options.startDate).getTime();
  const end = start + days * 24 * HOUR;
  const offset = (options.utcOffsetHours ?? -5) * HOUR;
  const catalogs = simulatorCatalogs(options);
  const shops = catalogs.map((catalog, i) => new ShopSim(i, catalog, shopHost(i, options.seed), options.returningRate ?? 0.3));

  let targetSessions = options.sessions;
  if (targetSessions === undefined) {
    targetSessions = options.events === undefined ? Math.round(400 * days * shopsN) : Math.ceil(options.events / calibrate(options));
  }
  const maxSessions = options.sessions ?? Infinity;
  const maxEvents = options.events ?? Infinity;
  const ratePerMs = Math.max(targetSessions, 1) / (end - start) / PROFILE_MEAN;
  const lambdaMax = ratePerMs * PROFILE_MAX;

  const arrivals = new Rng(`arrivals:${options.seed}`);
  let t = start;
  let sessions = 0;
  let events = 0;
  while (sessions < maxSessions && events < maxEvents) {
    t += arrivals.exp(1 / lambdaMax);
    if (options.events === undefined && options.sessions === undefined && t >= end) break;
    const local = new Date(t + offset);
    const p = HOURLY[local.getUTCHours()] * WEEKDAY[(local.getUTCDay() + 6) % 7];
    if (arrivals.next() * PROFILE_MAX > p) continue;
    const shop = shops[shopsN === 1 ? 0 : arrivals.int(0, shopsN - 1)];
    const sessionRng = new Rng(`${options.seed}:session:${sessions}`);
    const visitor = shop.chooseVisitor(sessionRng, Math.floor(t));
    for (const pixel of shop.session(visitor, sessionRng, Math.floor(t))) {
      const event = toJourneyEvent(pixel);
      if (!event) continue;
      yield { shop: shop.index, pixel, event, userAgent: visitor.browser.userAgent, device: visitor.device, session: sessions };
      if (++events >= maxEvents) return;
    }
    shop.endSession(visitor);
    sessions++;
  }
}

/** Just the compact events. */
export function* simulateJourneyEvents(options: SimulateOptions): Generator<JourneyEvent> {
  for (const e of simulate(options)) yield e.event;
}

/** Mean events per session for these options (simulated on a private stream). */
function calibrate(options: SimulateOptions): number {
  const catalog = generateCatalog({ seed: `${options.seed}:calibration`, products: options.products, currency: options.currency });
  const shop = new ShopSim(0, catalog, 'calibration.myshopify.com', options.returningRate ?? 0.3);
  let n = 0;
  const sessions = 600;
  let t = DEFAULT_START;
  for (let k = 0; k < sessions; k++) {
    const rng = new Rng(`calibration:${options.seed}:${k}`);
    t += 3 * MINUTE;
    const v = shop.chooseVisitor(rng, t);
    for (const _ of shop.session(v, rng, t)) n++;
    shop.endSession(v);
  }
  return Math.max(1, n / sessions);
}

type Intent = 'browser' | 'considerer' | 'buyer';
type Page =
  | { kind: 'home' }
  | { kind: 'collection'; c: number }
  | { kind: 'product'; p: number; via?: number }
  | { kind: 'search'; target?: number }
  | { kind: 'cart' }
  | { kind: 'checkout' }
  | { kind: 'exit' };

/**
 * Spanish product-type words (singular, plural) for the visitors who search in Spanish
 * (about one in five, fixed per visitor). The simulated store has set up Spanish synonyms
 * for some types only (`mapped`): those searches find the English products; the others find
 * nothing, and some of those shoppers search again in English. So the demo's search
 * insights show Spanish wordings merged with English ones, and zero-result Spanish clusters
 * with the English query to map as a synonym.
 */
const SPANISH_TYPES: Record<string, { one: string; many: string; mapped: boolean }> = {
  Tent: { one: 'carpa', many: 'carpas', mapped: true },
  'Sleeping Bag': { one: 'saco de dormir', many: 'sacos de dormir', mapped: true },
  'Sleeping Pad': { one: 'esterilla', many: 'esterillas', mapped: false },
  Backpack: { one: 'mochila', many: 'mochilas', mapped: true },
  Daypack: { one: 'mochila de día', many: 'mochilas de día', mapped: false },
  Jacket: { one: 'chaqueta', many: 'chaquetas', mapped: true },
  Fleece: { one: 'forro polar', many: 'forros polares', mapped: false },
  'Base Layer': { one: 'camiseta térmica', many: 'camisetas térmicas', mapped: false },
  'Hiking Boot': { one: 'bota de montaña', many: 'botas de montaña', mapped: true },
  'Trail Shoe': { one: 'zapatilla de trail', many: 'zapatillas de trail', mapped: false },
  Socks: { one: 'calcetín', many: 'calcetines', mapped: true },
  Stove: { one: 'hornillo', many: 'hornillos', mapped: true },
  Cookware: { one: 'olla', many: 'ollas', mapped: false },
  Fuel: { one: 'cartucho de gas', many: 'cartuchos de gas', mapped: false },
  Headlamp: { one: 'linterna frontal', many: 'linternas frontales', mapped: true },
  Lantern: { one: 'farol', many: 'faroles', mapped: false },
  'Water Bottle': { one: 'botella', many: 'botellas', mapped: true },
  'Water Filter': { one: 'filtro de agua', many: 'filtros de agua', mapped: false },
  'Trekking Poles': { one: 'bastón de trekking', many: 'bastones de trekking', mapped: false },
};
const SPANISH_QUERY = new Map<string, { type: string; mapped: boolean }>(
  Object.entries(SPANISH_TYPES).flatMap(([type, w]) => [
    [w.one, { type, mapped: w.mapped }],
    [w.many, { type, mapped: w.mapped }],
  ]),
);

/** About one visitor in five searches in Spanish (from the client id: no random draw, so other streams are unchanged). */
function searchesInSpanish(v: Visitor): boolean {
  let h = 0;
  for (let i = 0; i < v.clientId.length; i++) h = (h * 31 + v.clientId.charCodeAt(i)) >>> 0;
  return h % 5 === 0;
}

const ZERO_RESULT_QUERIES = ['kayak', 'fishing rod', 'golf balls', 'snowboard', 'ski wax', 'hammok', 'bike helmet', 'yoga mat', 'solar panel', 'tennis'];
const SEARCH_ENGINES: Array<[string, number]> = [
  ['https://www.google.com/', 0.82],
  ['https://www.bing.com/', 0.1],
  ['https://duckduckgo.com/', 0.05],
  ['https://search.yahoo.com/', 0.03],
];
const SOCIAL_REFERRERS = ['https://www.instagram.com/', 'https://l.facebook.com/', 'https://t.co/', 'https://www.pinterest.com/', 'https://www.tiktok.com/', 'https://www.reddit.com/'];
const REFERRAL_REFERRERS = ['https://www.outdoorgearlab.com/', 'https://www.switchbacktravel.com/', 'https://www.backpacker.com/', 'https://trailjournal.example.org/'];

class ShopSim {
  private readonly pool = new VisitorPool(20_000);
  private readonly poolRng: Rng;
  private readonly tokenIndex = new Map<string, number[]>();
  private readonly searchCache = new Map<string, number[]>();
  /** Spanish searchers whose last search found nothing: their next search is in English. */
  private readonly refineInEnglish = new Set<string>();
  private orderSeq = 0;
  private readonly orderBase: number;
  private readonly name = 'Trailhead Outfitters';

  constructor(
    readonly index: number,
    readonly catalog: Catalog,
    readonly host: string,
    private readonly returningRate: number,
  ) {
    this.poolRng = new Rng(`pool:${host}`);
    this.orderBase = 5_000_000_000_000 + this.poolRng.int(0, 400_000) * 1_000_000;
    for (const p of catalog.products) {
      const words = `${p.title} ${p.productType} ${p.vendor} ${p.tags.join(' ')}`.toLowerCase().split(/[^a-z0-9]+/);
      for (const w of new Set(words.filter(Boolean).map(stem))) {
        const list = this.tokenIndex.get(w) ?? [];
        list.push(p.index);
        this.tokenIndex.set(w, list);
      }
    }
  }

  chooseVisitor(rng: Rng, now: number): Visitor {
    if (rng.chance(this.returningRate)) {
      const v = this.pool.pickReturning(rng, now, SESSION_GAP + 5 * MINUTE);
      if (v) return v;
    }
    const c = this.catalog.collectionWeights.sample(rng);
    return newVisitor(rng, c);
  }

  /** First-time visitors join the returning pool after their visit. */
  endSession(v: Visitor): void {
    if (v.visits === 1) this.pool.add(v, this.poolRng);
  }

  /** One visit: yields Shopify standard events in time order. */
  *session(v: Visitor, rng: Rng, startTs: number): Generator<SimPixelEvent> {
    const cat = this.catalog;
    const currency = cat.currency;
    const returning = v.visits > 0;
    v.visits++;
    let t = startTs;
    let seq = 0;
    const env = (ts: number): Envelope => ({ id: `sh-${rng.uuid().toUpperCase()}`, clientId: v.clientId, timestamp: new Date(ts).toISOString(), seq: seq++ });

    if (v.device === 'bot') {
      // Crawler: fast product / collection page views, no referrer, no cart.
      const pages = rng.int(3, 25);
      let referrer = '';
      for (let k = 0; k < pages; k++) {
        const p = cat.products[rng.int(0, cat.products.length - 1)];
        const path = `/products/${p.handle}`;
        const ctx = context({ host: this.host, path, search: '', referrer, title: `${p.title} – ${this.name}` }, v.browser);
        yield build.pageViewed(env(t), ctx);
        yield build.productViewed(env(t + 40), ctx, p, 0, currency);
        referrer = `https://${this.host}${path}`;
        t += rng.int(800, 4000);
      }
      v.lastSeen = t;
      return;
    }

    // Intent and traffic source.
    let intent: Intent = rng.weighted({ browser: 0.6, considerer: 0.32, buyer: 0.08 });
    if (returning && v.cart.length && rng.chance(0.35)) intent = 'buyer';
    else if (returning && intent === 'browser' && rng.chance(0.3)) intent = 'considerer';
    const source = returning
      ? rng.weighted({ direct: 0.45, email: 0.2, search: 0.15, paid: 0.08, social: 0.07, referral: 0.05 })
      : rng.weighted({ direct: 0.22, search: 0.27, paid: 0.15, social: 0.14, email: 0.08, referral: 0.14 });
    let referrer = '';
    let search = '';
    const interestColl = cat.collections[v.interest] ?? cat.collections[0];
    let page: Page;
    const popularIn = (c: number) => cat.collections[c].products[cat.collectionSamplers[c].sample(rng)];
    const landingProduct = () => (returning && v.viewed.length && rng.chance(0.5) ? rng.pick(v.viewed) : rng.chance(0.6) ? popularIn(v.interest) : cat.popular.sample(rng));
    switch (source) {
      case 'search': {
        let r = rng.next();
        referrer = SEARCH_ENGINES[SEARCH_ENGINES.length - 1][0];
        for (const [url, w] of SEARCH_ENGINES) if ((r -= w) < 0) {
          referrer = url;
          break;
        }
        page = rng.weighted({ product: 0.5, collection: 0.3, home: 0.2 }) === 'product' ? { kind: 'product', p: landingProduct() } : rng.chance(0.6) ? { kind: 'collection', c: v.interest } : { kind: 'home' };
        break;
      }
      case 'paid': {
        if (rng.chance(0.6)) {
          referrer = 'https://www.google.com/';
          search = `?utm_source=google&utm_medium=cpc&utm_campaign=${interestColl.handle}-search`;
        } else {
          referrer = 'https://l.facebook.com/';
          search = `?utm_source=facebook&utm_medium=paid_social&utm_campaign=${rng.pick(['summer-sale', 'new-season', 'retargeting'])}`;
        }
        page = rng.chance(0.6) ? { kind: 'product', p: landingProduct() } : { kind: 'collection', c: v.interest };
        break;
      }
      case 'social':
        referrer = rng.pick(SOCIAL_REFERRERS);
        if (referrer.includes('instagram') && rng.chance(0.5)) search = '?utm_source=instagram&utm_medium=social&utm_campaign=creator-collab';
        page = rng.chance(0.75) ? { kind: 'product', p: landingProduct() } : { kind: 'home' };
        break;
      case 'email': {
        const abandoned = v.cart.length > 0 && rng.chance(0.5);
        const campaign = abandoned ? 'abandoned-cart' : rng.pick(['newsletter-weekly', 'winter-sale', 'new-arrivals']);
        search = `?utm_source=klaviyo&utm_medium=email&utm_campaign=${campaign}`;
        if (rng.chance(0.3)) referrer = 'https://mail.google.com/';
        if (abandoned) page = { kind: 'cart' };
        else if (campaign === 'winter-sale' || campaign === 'new-arrivals') {
          const handle = campaign === 'winter-sale' ? 'sale' : 'new-arrivals';
          page = { kind: 'collection', c: cat.collections.findIndex((c) => c.handle === handle) };
        } else page = rng.chance(0.5) ? { kind: 'home' } : { kind: 'product', p: landingProduct() };
        break;
      }
      case 'referral':
        referrer = rng.pick(REFERRAL_REFERRERS);
        page = rng.chance(0.85) ? { kind: 'product', p: landingProduct() } : { kind: 'collection', c: v.interest };
        break;
      default:
        page = rng.weighted({ home: 0.6, product: 0.25, collection: 0.15 }) === 'home' ? { kind: 'home' } : rng.chance(0.6) ? { kind: 'product', p: landingProduct() } : { kind: 'collection', c: v.interest };
    }

    const exitBase = intent === 'buyer' ? 0.06 : intent === 'considerer' ? 0.16 : 0.3;
    const addBase = intent === 'buyer' ? 0.32 : intent === 'considerer' ? 0.1 : 0.025;
    let pages = 0;
    const maxPages = 40;

    const view = (path: string, title: string): { ctx: ReturnType<typeof context>; ts: number } => {
      const ctx = context({ host: this.host, path, search, referrer, title: `${title} – ${this.name}` }, v.browser);
      // Only the landing page carries the external referrer and utm tags.
      referrer = `https://${this.host}${path}${search}`;
      search = '';
      pages++;
      return { ctx, ts: t };
    };
    const dwell = (median: number) => {
      t += Math.min(20 * MINUTE, Math.max(1500, Math.round(rng.logNormal(median, 0.8))));
    };
    const exitChance = () => exitBase + Math.max(0, pages - 8) * 0.02;

    while (page.kind !== 'exit' && pages < maxPages) {
      switch (page.kind) {
        case 'home': {
          const { ctx, ts } = view('/', 'Home');
          yield build.pageViewed(env(ts), ctx);
          dwell(15_000);
          const next = rng.weighted({ collection: 0.5, product: 0.2, search: 0.12, exit: 0.18 });
          page = next === 'collection' ? { kind: 'collection', c: rng.chance(0.5) ? v.interest : cat.collectionWeights.sample(rng) } : next === 'product' ? { kind: 'product', p: cat.popular.sample(rng) } : next === 'search' ? { kind: 'search' } : { kind: 'exit' };
          break;
        }
        case 'collection': {
          const c = cat.collections[page.c];
          const { ctx, ts } = view(`/collections/${c.handle}`, c.title);
          yield build.pageViewed(env(ts), ctx);
          yield build.collectionViewed(env(ts + rng.int(50, 400)), ctx, c, c.products.slice(0, 12).map((i) => cat.products[i]), currency);
          dwell(25_000);
          if (!c.products.length || rng.chance(exitChance())) page = { kind: 'exit' };
          else if (rng.chance(0.78)) page = { kind: 'product', p: popularIn(page.c), via: page.c };
          else page = rng.chance(0.5) ? { kind: 'collection', c: cat.collectionWeights.sample(rng) } : { kind: 'search' };
          break;
        }
        case 'search': {
          const { query, target } = this.makeQuery(rng, v, page.target);
          const results = this.search(query);
          const { ctx, ts } = view('/search', `Search: ${results.length} results for "${query}"`);
          const ctx2 = { ...ctx, document: { ...ctx.document, location: { ...ctx.document.location, search: `?q=${encodeURIComponent(query)}&options%5Bprefix%5D=last`, href: `${ctx.document.location.href}?q=${encodeURIComponent(query)}` } } };
          yield build.pageViewed(env(ts), ctx2);
          yield build.searchSubmitted(env(ts + rng.int(50, 400)), ctx2, query, results.slice(0, 12).map((i) => cat.products[i]), currency);
          dwell(12_000);
          if (!results.length) {
            page = rng.chance(0.45) ? { kind: 'search', target } : rng.chance(0.4) ? { kind: 'home' } : { kind: 'exit' };
            if (page.kind === 'search' && SPANISH_QUERY.has(query)) this.refineInEnglish.add(v.clientId);
          }
          else if (rng.chance(exitChance() * 0.7)) page = { kind: 'exit' };
          else {
            const top = results.slice(0, 12);
            const p: number = target !== undefined && top.includes(target) && rng.chance(0.65) ? target : top[Math.min(top.length - 1, Math.floor(Math.pow(rng.next(), 2) * top.length))];
            page = { kind: 'product', p };
          }
          break;
        }
        case 'product': {
          const p: SimProduct = cat.products[page.p];
          const path = page.via !== undefined && rng.chance(0.4) ? `/collections/${cat.collections[page.via].handle}/products/${p.handle}` : `/products/${p.handle}`;
          const { ctx, ts } = view(path, p.title);
          const variant = rng.int(0, p.variants.length - 1);
          yield build.pageViewed(env(ts), ctx);
          yield build.productViewed(env(ts + rng.int(50, 600)), ctx, p, variant, currency);
          remember(v, p.index);
          dwell(35_000);
          const complementsCart = v.cart.some((l) => cat.complements[l.product.index].includes(p.index));
          const repeatView = v.viewed.filter((x) => x === p.index).length > 1;
          const pAdd = p.available ? Math.min(0.9, addBase * (complementsCart ? 2 : 1) * (repeatView ? 1.8 : 1) * (p.isGiftCard ? 0.3 : 1)) : 0;
          if (rng.chance(pAdd)) {
            const qty = p.productType === 'Fuel' || p.productType === 'Socks' ? rng.int(1, 4) : rng.chance(0.92) ? 1 : 2;
            addToCart(v.cart, p, variant, qty);
            yield build.addedToCart(env(t), ctx, { product: p, variant, qty }, currency);
            t += rng.int(800, 5000);
            const after = rng.weighted({ cart: 0.4, checkout: intent === 'buyer' ? 0.2 : 0.05, browse: 0.4, exit: 0.05 });
            if (after === 'cart') page = { kind: 'cart' };
            else if (after === 'checkout') page = { kind: 'checkout' };
            else if (after === 'exit') page = { kind: 'exit' };
            else page = this.nextProduct(rng, p.index, true);
            break;
          }
          if (rng.chance(exitChance())) page = { kind: 'exit' };
          else {
            const next = rng.weighted({ product: 0.62, collection: 0.14, search: 0.07, home: 0.04, cart: v.cart.length ? 0.13 : 0 });
            if (next === 'product') page = this.nextProduct(rng, p.index, false);
            else if (next === 'collection') page = { kind: 'collection', c: p.collections[0] ?? 0 };
            else page = { kind: next };
          }
          break;
        }
        case 'cart': {
          const { ctx, ts } = view('/cart', 'Your Shopping Cart');
          yield build.pageViewed(env(ts), ctx);
          yield build.cartViewed(env(ts + rng.int(50, 400)), ctx, v.cart.length ? buildCart(v.cartId, v.cart, currency) : null);
          dwell(15_000);
          if (v.cart.length && rng.chance(0.1)) {
            const k = rng.int(0, v.cart.length - 1);
            const [removed] = v.cart.splice(k, 1);
            yield build.removedFromCart(env(t), ctx, removed, currency);
            t += rng.int(1000, 6000);
          }
          if (!v.cart.length) {
            page = rng.chance(0.5) ? { kind: 'collection', c: v.interest } : { kind: 'exit' };
            break;
          }
          const pCheckout = intent === 'buyer' ? 0.7 : intent === 'considerer' ? 0.3 : 0.1;
          const next = rng.next();
          if (next < pCheckout) page = { kind: 'checkout' };
          else if (next < pCheckout + 0.3) page = this.nextProduct(rng, v.cart[v.cart.length - 1].product.index, true);
          else page = { kind: 'exit' };
          break;
        }
        case 'checkout': {
          if (!v.cart.length) {
            page = { kind: 'cart' };
            break;
          }
          yield* this.checkout(v, rng, intent, () => t, (ms) => (t += ms), env, view);
          page = { kind: 'exit' };
          break;
        }
      }
    }
    v.lastSeen = t;
  }

  private *checkout(
    v: Visitor,
    rng: Rng,
    intent: Intent,
    now: () => number,
    advance: (ms: number) => void,
    env: (ts: number) => Envelope,
    view: (path: string, title: string) => { ctx: ReturnType<typeof context>; ts: number },
  ): Generator<SimPixelEvent> {
    const currency = this.catalog.currency;
    const token = rng.hex(32);
    const info: CheckoutInfo = { token, lines: v.cart.map((l) => ({ ...l })), currency, country: rng.chance(0.85) ? 'US' : 'CA', taxRate: 0.07 };
    const base = `/checkouts/cn/${token}`;
    const { ctx } = view(base, 'Checkout');
    const step = (ms: number) => advance(Math.round(rng.logNormal(ms, 0.6)));
    const boost = intent === 'buyer' ? 1.0 : intent === 'considerer' ? 0.85 : 0.6;
    yield build.pageViewed(env(now()), ctx);
    yield build.checkoutStarted(env(now() + rng.int(100, 900)), ctx, buildCheckout(info));
    step(40_000);
    if (!rng.chance(0.8 * boost)) return;
    yield build.contactSubmitted(env(now()), ctx, buildCheckout(info));
    step(45_000);
    if (!rng.chance(0.88 * boost + (1 - boost) * 0.3)) return;
    yield build.addressSubmitted(env(now()), ctx, buildCheckout(info));
    step(20_000);
    if (!rng.chance(0.92)) return;
    const subtotal = info.lines.reduce((a, l) => a + l.product.price * l.qty, 0);
    info.shipping = subtotal >= 100 ? 0 : 7.95;
    yield build.shippingSubmitted(env(now()), ctx, buildCheckout(info));
    step(50_000);
    if (!rng.chance(0.86)) return;
    yield build.paymentSubmitted(env(now()), ctx, buildCheckout(info));
    step(6_000);
    if (!rng.chance(0.94)) return;
    info.orderId = String(this.orderBase + ++this.orderSeq * 13);
    info.isFirstOrder = v.orders === 0;
    const done = view(`${base}/thank-you`, 'Thank you');
    yield build.pageViewed(env(now()), done.ctx);
    yield build.checkoutCompleted(env(now() + rng.int(100, 900)), done.ctx, buildCheckout(info));
    step(20_000);
    v.orders++;
    v.cart = [];
  }

  private nextProduct(rng: Rng, from: number, afterAdd: boolean): Page {
    const cat = this.catalog;
    const comps = cat.complements[from];
    if (afterAdd && comps.length && rng.chance(0.6)) return { kind: 'product', p: rng.pick(comps) };
    const tr = cat.transitions[from];
    if (!tr.targets.length) return { kind: 'product', p: cat.popular.sample(rng) };
    return { kind: 'product', p: tr.targets[tr.sampler.sample(rng)], via: cat.products[from].collections[0] };
  }

  private makeQuery(rng: Rng, v: Visitor, target?: number): { query: string; target?: number } {
    const cat = this.catalog;
    const refining = searchesInSpanish(v) && this.refineInEnglish.delete(v.clientId);
    const spanish = searchesInSpanish(v) && !refining;
    if (refining && target !== undefined) {
      // Found nothing in Spanish: the same thing in English.
      const type = cat.products[target].productType.toLowerCase();
      return { query: rng.chance(0.3) ? `${type}s` : type, target };
    }
    if (rng.chance(0.12)) {
      if (rng.chance(0.5)) return { query: rng.pick(ZERO_RESULT_QUERIES) };
      const type = cat.products[cat.popular.sample(rng)].productType;
      const noun = spanish && SPANISH_TYPES[type] ? SPANISH_TYPES[type].one : type.toLowerCase();
      const k = rng.int(0, Math.max(0, noun.length - 2));
      return { query: noun.slice(0, k) + noun.charAt(k + 1) + noun.charAt(k) + noun.slice(k + 2) };
    }
    const p: SimProduct = cat.products[target ?? (rng.chance(0.5) ? cat.collections[v.interest].products[0] ?? cat.popular.sample(rng) : cat.popular.sample(rng))];
    const model = p.title.split(' ')[0].toLowerCase();
    const typeWord = p.productType.toLowerCase();
    const tag = p.tags.find((x) => !x.includes('-') && x !== p.group);
    const choice = rng.weighted({ type: 0.4, model: 0.2, title: 0.15, vendor: 0.1, tagged: tag ? 0.15 : 0 });
    const es = spanish ? SPANISH_TYPES[p.productType] : undefined;
    const query =
      choice === 'type' ? (rng.chance(0.3) ? (es ? es.many : `${typeWord}s`) : (es ? es.one : typeWord)) : choice === 'model' ? model : choice === 'title' ? p.title.toLowerCase() : choice === 'vendor' ? p.vendor.toLowerCase() : `${tag} ${typeWord.split(' ').pop()}`;
    return { query, target: p.index };
  }

  /** Products matching every query word (title, type, vendor, tags), by popularity. */
  search(query: string): number[] {
    const cached = this.searchCache.get(query);
    if (cached) return cached;
    const es = SPANISH_QUERY.get(query);
    if (es) return es.mapped ? this.search(es.type.toLowerCase()) : [];
    const words = query.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean).map(stem);
    let result: number[] = [];
    if (words.length) {
      let sets = words.map((w) => this.tokenIndex.get(w) ?? []);
      sets = sets.sort((a, b) => a.length - b.length);
      result = sets[0].filter((i) => sets.every((s) => s.includes(i)));
      result.sort((a, b) => this.catalog.products[b].popularity - this.catalog.products[a].popularity);
    }
    if (this.searchCache.size > 5000) this.searchCache.clear();
    this.searchCache.set(query, result);
    return result;
  }
}

function stem(w: string): string {
  return w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w;
}

function remember(v: Visitor, p: number): void {
  v.viewed.push(p);
  if (v.viewed.length > 8) v.viewed.shift();
}

function addToCart(cart: SimLine[], p: SimProduct, variant: number, qty: number): SimLine {
  const existing = cart.find((l) => l.product.index === p.index && l.variant === variant);
  if (existing) {
    existing.qty += qty;
    return existing;
  }
  const line = { product: p, variant, qty };
  cart.push(line);
  return line;
}
