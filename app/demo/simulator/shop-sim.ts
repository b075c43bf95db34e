/**
 * One simulated shop: its returning-visitor pool, its search, and the visits it serves, as
 * Shopify standard events in time order (a visit walks from page to page until it leaves).
 */
import { BLOCK_LIMIT, blockShows, chooseClick, customEvent, visitorKey, type BlockAnswer, type BlockAsk, type BlockPlacement } from './blocks';
import type { Catalog, SimProduct } from './catalog';
import { chooseIntent, chooseLanding, popularIn } from './landing';
import { Rng } from './rng';
import { build, cart as buildCart, checkout as buildCheckout, type CheckoutInfo, type SimLine, type SimPixelEvent } from './shopify-events';
import { StoreSearch } from './store-search';
import { Visit, type Page, type PageContext } from './visit';
import { newVisitor, VisitorPool, type Visitor } from './visitors';

const MINUTE = 60_000;
const SESSION_GAP = 30 * MINUTE;
const MAX_PAGES = 40;

type PageOf<K extends Page['kind']> = Extract<Page, { kind: K }>;
/** A visit's output: its events, and (with blocks) the blocks' questions to the endpoint, answered through `next`. */
export type VisitStep = Generator<SimPixelEvent | BlockAsk, Page, BlockAnswer | undefined>;

export class ShopSim {
  private readonly pool = new VisitorPool(20_000);
  private readonly poolRng: Rng;
  private readonly storeSearch: StoreSearch;
  private orderSeq = 0;
  private readonly orderBase: number;
  private readonly name = 'Trailhead Outfitters';
  /** Waymark's theme blocks on product and cart pages (they ask the endpoint: see ./blocks.ts). */
  blocks = false;

  constructor(
    readonly index: number,
    readonly catalog: Catalog,
    readonly host: string,
    private readonly returningRate: number,
  ) {
    this.poolRng = new Rng(`pool:${host}`);
    this.orderBase = 5_000_000_000_000 + this.poolRng.int(0, 400_000) * 1_000_000;
    this.storeSearch = new StoreSearch(catalog);
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
  *session(v: Visitor, rng: Rng, startTs: number): Generator<SimPixelEvent | BlockAsk, void, BlockAnswer | undefined> {
    const returning = v.visits > 0;
    v.visits++;
    const visit = new Visit(v, rng, this.host, this.name, startTs);
    if (v.device === 'bot') yield* this.crawl(visit);
    else {
      visit.intent = chooseIntent(rng, v, returning);
      const landing = chooseLanding(this.catalog, v, rng, returning);
      visit.referrer = landing.referrer;
      visit.search = landing.search;
      let page = landing.page;
      while (page.kind !== 'exit' && visit.pages < MAX_PAGES) page = yield* this.visitPage(visit, page);
    }
    v.lastSeen = visit.t;
  }

  /** Crawler: fast product page views, no referrer, no cart. */
  private *crawl(visit: Visit): Generator<SimPixelEvent> {
    const { rng } = visit;
    const cat = this.catalog;
    const pages = rng.int(3, 25);
    for (let k = 0; k < pages; k++) {
      const p = cat.products[rng.int(0, cat.products.length - 1)];
      const { ctx } = visit.view(`/products/${p.handle}`, p.title);
      yield build.pageViewed(visit.env(visit.t), ctx);
      yield build.productViewed(visit.env(visit.t + 40), ctx, p, 0, cat.currency);
      visit.t += rng.int(800, 4000);
    }
  }

  /** Shows `page`'s events; answers the page the shopper goes to next. */
  private *visitPage(visit: Visit, page: Page): VisitStep {
    switch (page.kind) {
      case 'home':
        return yield* this.home(visit);
      case 'collection':
        return yield* this.collection(visit, page);
      case 'search':
        return yield* this.searchPage(visit, page);
      case 'product':
        return yield* this.product(visit, page);
      case 'cart':
        return yield* this.cartPage(visit);
      case 'checkout':
        if (!visit.visitor.cart.length) return { kind: 'cart' };
        yield* this.checkout(visit);
        return { kind: 'exit' };
      case 'exit':
        return page;
    }
  }

  private *home(visit: Visit): VisitStep {
    const { rng } = visit;
    const cat = this.catalog;
    const { ctx, ts } = visit.view('/', 'Home');
    yield build.pageViewed(visit.env(ts), ctx);
    visit.dwell(15_000);
    if (this.blocks) {
      const clicked = yield* this.block(visit, ctx, 'recommended', undefined);
      if (clicked !== undefined) return { kind: 'product', p: clicked };
    }
    const next = rng.weighted({ collection: 0.5, product: 0.2, search: 0.12, exit: 0.18 });
    if (next === 'collection') return { kind: 'collection', c: rng.chance(0.5) ? visit.visitor.interest : cat.collectionWeights.sample(rng) };
    if (next === 'product') return { kind: 'product', p: cat.popular.sample(rng) };
    return next === 'search' ? { kind: 'search' } : { kind: 'exit' };
  }

  private *collection(visit: Visit, page: PageOf<'collection'>): VisitStep {
    const { rng } = visit;
    const cat = this.catalog;
    const c = cat.collections[page.c];
    const { ctx, ts } = visit.view(`/collections/${c.handle}`, c.title);
    yield build.pageViewed(visit.env(ts), ctx);
    yield build.collectionViewed(visit.env(ts + rng.int(50, 400)), ctx, c, c.products.slice(0, 12).map((i) => cat.products[i]), cat.currency);
    visit.dwell(25_000);
    if (!c.products.length || rng.chance(visit.exitChance())) return { kind: 'exit' };
    if (rng.chance(0.78)) return { kind: 'product', p: popularIn(cat, page.c, rng), via: page.c };
    return rng.chance(0.5) ? { kind: 'collection', c: cat.collectionWeights.sample(rng) } : { kind: 'search' };
  }

  private *searchPage(visit: Visit, page: PageOf<'search'>): VisitStep {
    const { rng, visitor: v } = visit;
    const cat = this.catalog;
    const { query, target } = this.storeSearch.makeQuery(rng, v, page.target);
    const results = this.storeSearch.search(query);
    const { ctx, ts } = visit.view('/search', `Search: ${results.length} results for "${query}"`);
    const ctx2 = { ...ctx, document: { ...ctx.document, location: { ...ctx.document.location, search: `?q=${encodeURIComponent(query)}&options%5Bprefix%5D=last`, href: `${ctx.document.location.href}?q=${encodeURIComponent(query)}` } } };
    yield build.pageViewed(visit.env(ts), ctx2);
    yield build.searchSubmitted(visit.env(ts + rng.int(50, 400)), ctx2, query, results.slice(0, 12).map((i) => cat.products[i]), cat.currency);
    visit.dwell(12_000);
    if (!results.length) {
      const next: Page = rng.chance(0.45) ? { kind: 'search', target } : rng.chance(0.4) ? { kind: 'home' } : { kind: 'exit' };
      if (next.kind === 'search') this.storeSearch.searchingAgain(query, v);
      return next;
    }
    if (rng.chance(visit.exitChance() * 0.7)) return { kind: 'exit' };
    const top = results.slice(0, 12);
    const p: number = target !== undefined && top.includes(target) && rng.chance(0.65) ? target : top[Math.min(top.length - 1, Math.floor(Math.pow(rng.next(), 2) * top.length))];
    return { kind: 'product', p };
  }

  private *product(visit: Visit, page: PageOf<'product'>): VisitStep {
    const { rng, visitor: v } = visit;
    const cat = this.catalog;
    const p: SimProduct = cat.products[page.p];
    const path = page.via !== undefined && rng.chance(0.4) ? `/collections/${cat.collections[page.via].handle}/products/${p.handle}` : `/products/${p.handle}`;
    const { ctx, ts } = visit.view(path, p.title);
    const variant = rng.int(0, p.variants.length - 1);
    yield build.pageViewed(visit.env(ts), ctx);
    yield build.productViewed(visit.env(ts + rng.int(50, 600)), ctx, p, variant, cat.currency);
    remember(v, p.index);
    visit.dwell(35_000);
    if (this.blocks) {
      const clicked = yield* this.block(visit, ctx, 'also_like', p.index);
      if (clicked !== undefined) return { kind: 'product', p: clicked };
    }
    const complementsCart = v.cart.some((l) => cat.complements[l.product.index].includes(p.index));
    const repeatView = v.viewed.filter((x) => x === p.index).length > 1;
    const pAdd = p.available ? Math.min(0.9, visit.addChance() * (complementsCart ? 2 : 1) * (repeatView ? 1.8 : 1) * (p.isGiftCard ? 0.3 : 1)) : 0;
    if (rng.chance(pAdd)) {
      const qty = p.productType === 'Fuel' || p.productType === 'Socks' ? rng.int(1, 4) : rng.chance(0.92) ? 1 : 2;
      addToCart(v.cart, p, variant, qty);
      yield build.addedToCart(visit.env(visit.t), ctx, { product: p, variant, qty }, cat.currency);
      visit.t += rng.int(800, 5000);
      const after = rng.weighted({ cart: 0.4, checkout: visit.intent === 'buyer' ? 0.2 : 0.05, browse: 0.4, exit: 0.05 });
      if (after === 'browse') return this.nextProduct(rng, p.index, true);
      return { kind: after };
    }
    if (rng.chance(visit.exitChance())) return { kind: 'exit' };
    const next = rng.weighted({ product: 0.62, collection: 0.14, search: 0.07, home: 0.04, cart: v.cart.length ? 0.13 : 0 });
    if (next === 'product') return this.nextProduct(rng, p.index, false);
    if (next === 'collection') return { kind: 'collection', c: p.collections[0] ?? 0 };
    return { kind: next };
  }

  private *cartPage(visit: Visit): VisitStep {
    const { rng, visitor: v } = visit;
    const { ctx, ts } = visit.view('/cart', 'Your Shopping Cart');
    yield build.pageViewed(visit.env(ts), ctx);
    yield build.cartViewed(visit.env(ts + rng.int(50, 400)), ctx, v.cart.length ? buildCart(v.cartId, v.cart, this.catalog.currency) : null);
    visit.dwell(15_000);
    if (this.blocks && v.cart.length) {
      const clicked = yield* this.block(visit, ctx, 'bought_together', v.cart[v.cart.length - 1].product.index);
      if (clicked !== undefined) return { kind: 'product', p: clicked };
    }
    if (v.cart.length && rng.chance(0.1)) {
      const k = rng.int(0, v.cart.length - 1);
      const [removed] = v.cart.splice(k, 1);
      yield build.removedFromCart(visit.env(visit.t), ctx, removed, this.catalog.currency);
      visit.t += rng.int(1000, 6000);
    }
    if (!v.cart.length) return rng.chance(0.5) ? { kind: 'collection', c: v.interest } : { kind: 'exit' };
    const pCheckout = visit.intent === 'buyer' ? 0.7 : visit.intent === 'considerer' ? 0.3 : 0.1;
    const next = rng.next();
    if (next < pCheckout) return { kind: 'checkout' };
    if (next < pCheckout + 0.3) return this.nextProduct(rng, v.cart[v.cart.length - 1].product.index, true);
    return { kind: 'exit' };
  }

  private *checkout(visit: Visit): Generator<SimPixelEvent> {
    const { rng, visitor: v } = visit;
    const currency = this.catalog.currency;
    const token = rng.hex(32);
    const info: CheckoutInfo = { token, lines: v.cart.map((l) => ({ ...l })), currency, country: rng.chance(0.85) ? 'US' : 'CA', taxRate: 0.07 };
    const base = `/checkouts/cn/${token}`;
    const { ctx } = visit.view(base, 'Checkout');
    const step = (ms: number) => void (visit.t += Math.round(rng.logNormal(ms, 0.6)));
    const boost = visit.intent === 'buyer' ? 1.0 : visit.intent === 'considerer' ? 0.85 : 0.6;
    yield build.pageViewed(visit.env(visit.t), ctx);
    yield build.checkoutStarted(visit.env(visit.t + rng.int(100, 900)), ctx, buildCheckout(info));
    step(40_000);
    if (!rng.chance(0.8 * boost)) return;
    yield build.contactSubmitted(visit.env(visit.t), ctx, buildCheckout(info));
    step(45_000);
    if (!rng.chance(0.88 * boost + (1 - boost) * 0.3)) return;
    yield build.addressSubmitted(visit.env(visit.t), ctx, buildCheckout(info));
    step(20_000);
    if (!rng.chance(0.92)) return;
    const subtotal = info.lines.reduce((a, l) => a + l.product.price * l.qty, 0);
    info.shipping = subtotal >= 100 ? 0 : 7.95;
    yield build.shippingSubmitted(visit.env(visit.t), ctx, buildCheckout(info));
    step(50_000);
    if (!rng.chance(0.86)) return;
    yield build.paymentSubmitted(visit.env(visit.t), ctx, buildCheckout(info));
    step(6_000);
    if (!rng.chance(0.94)) return;
    info.orderId = String(this.orderBase + ++this.orderSeq * 13);
    info.isFirstOrder = v.orders === 0;
    const done = visit.view(`${base}/thank-you`, 'Thank you');
    yield build.pageViewed(visit.env(visit.t), done.ctx);
    yield build.checkoutCompleted(visit.env(visit.t + rng.int(100, 900)), done.ctx, buildCheckout(info));
    step(20_000);
    v.orders++;
    v.cart = [];
  }

  /**
   * A Waymark block on the current page: asks the endpoint, publishes its impression when
   * it shows something (or, in the holdout, when its place is seen) and a click when the
   * shopper clicks a card; answers the clicked product's index.
   */
  private *block(visit: Visit, ctx: PageContext, placement: BlockPlacement, around: number | undefined): Generator<SimPixelEvent | BlockAsk, number | undefined, BlockAnswer | undefined> {
    const { rng, visitor: v } = visit;
    const cat = this.catalog;
    const ask: BlockAsk = {
      kind: 'block',
      placement,
      productId: placement === 'also_like' && around !== undefined ? cat.products[around].id : undefined,
      cart: v.cart.map((l) => l.product.id),
      recent: v.viewed.map((i) => cat.products[i].id),
      limit: BLOCK_LIMIT,
      visitor: visitorKey(v),
      fallback: 'shopify',
    };
    const answer = yield ask;
    const { items, strategy } = blockShows(cat, answer, around);
    if (!items.length && strategy !== 'holdout') return undefined;
    const seenAt = visit.t - rng.int(500, 1400);
    yield customEvent(visit.env(seenAt), ctx, 'waymark:rec_impression', { placement, items: items.map((i) => cat.products[i].id), strategy });
    const clicked = chooseClick(cat, rng, v, around, items);
    if (clicked === undefined) return undefined;
    yield customEvent(visit.env(visit.t), ctx, 'waymark:rec_click', { placement, productId: cat.products[clicked].id, strategy });
    visit.t += rng.int(300, 1500);
    return clicked;
  }

  private nextProduct(rng: Rng, from: number, afterAdd: boolean): Page {
    const cat = this.catalog;
    const comps = cat.complements[from];
    if (afterAdd && comps.length && rng.chance(0.6)) return { kind: 'product', p: rng.pick(comps) };
    const tr = cat.transitions[from];
    if (!tr.targets.length) return { kind: 'product', p: cat.popular.sample(rng) };
    return { kind: 'product', p: tr.targets[tr.sampler.sample(rng)], via: cat.products[from].collections[0] };
  }
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
