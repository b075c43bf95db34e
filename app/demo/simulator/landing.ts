/**
 * How a visit starts: the shopper's intent, the traffic source (search engine, ads, social,
 * email, referral or direct) with its referrer and utm tags, and the landing page it leads to.
 */
import type { Catalog } from './catalog';
import type { Rng } from './rng';
import type { Intent, Page } from './visit';
import type { Visitor } from './visitors';

const SEARCH_ENGINES: Array<[string, number]> = [
  ['https://www.google.com/', 0.82],
  ['https://www.bing.com/', 0.1],
  ['https://duckduckgo.com/', 0.05],
  ['https://search.yahoo.com/', 0.03],
];
const SOCIAL_REFERRERS = ['https://www.instagram.com/', 'https://l.facebook.com/', 'https://t.co/', 'https://www.pinterest.com/', 'https://www.tiktok.com/', 'https://www.reddit.com/'];
const REFERRAL_REFERRERS = ['https://www.outdoorgearlab.com/', 'https://www.switchbacktravel.com/', 'https://www.backpacker.com/', 'https://trailjournal.example.org/'];

export interface Landing {
  page: Page;
  referrer: string;
  search: string;
}

/** A popular product of collection `c` (by the collection's own popularity sampler). */
export function popularIn(cat: Catalog, c: number, rng: Rng): number {
  return cat.collections[c].products[cat.collectionSamplers[c].sample(rng)];
}

/** Returning visitors with a cart come back to buy more often; some browsers come back considering. */
export function chooseIntent(rng: Rng, v: Visitor, returning: boolean): Intent {
  let intent: Intent = rng.weighted({ browser: 0.6, considerer: 0.32, buyer: 0.08 });
  if (returning && v.cart.length && rng.chance(0.35)) intent = 'buyer';
  else if (returning && intent === 'browser' && rng.chance(0.3)) intent = 'considerer';
  return intent;
}

export function chooseLanding(cat: Catalog, v: Visitor, rng: Rng, returning: boolean): Landing {
  const source = returning
    ? rng.weighted({ direct: 0.45, email: 0.2, search: 0.15, paid: 0.08, social: 0.07, referral: 0.05 })
    : rng.weighted({ direct: 0.22, search: 0.27, paid: 0.15, social: 0.14, email: 0.08, referral: 0.14 });
  const landingProduct = () => (returning && v.viewed.length && rng.chance(0.5) ? rng.pick(v.viewed) : rng.chance(0.6) ? popularIn(cat, v.interest, rng) : cat.popular.sample(rng));
  const product = (): Page => ({ kind: 'product', p: landingProduct() });
  switch (source) {
    case 'search':
      return { referrer: searchEngine(rng), search: '', page: rng.weighted({ product: 0.5, collection: 0.3, home: 0.2 }) === 'product' ? product() : rng.chance(0.6) ? { kind: 'collection', c: v.interest } : { kind: 'home' } };
    case 'paid':
      return paidLanding(cat, v, rng, product);
    case 'social': {
      const referrer = rng.pick(SOCIAL_REFERRERS);
      const search = referrer.includes('instagram') && rng.chance(0.5) ? '?utm_source=instagram&utm_medium=social&utm_campaign=creator-collab' : '';
      return { referrer, search, page: rng.chance(0.75) ? product() : { kind: 'home' } };
    }
    case 'email':
      return emailLanding(cat, v, rng, product);
    case 'referral':
      return { referrer: rng.pick(REFERRAL_REFERRERS), search: '', page: rng.chance(0.85) ? product() : { kind: 'collection', c: v.interest } };
    default:
      return { referrer: '', search: '', page: rng.weighted({ home: 0.6, product: 0.25, collection: 0.15 }) === 'home' ? { kind: 'home' } : rng.chance(0.6) ? product() : { kind: 'collection', c: v.interest } };
  }
}

function searchEngine(rng: Rng): string {
  let r = rng.next();
  for (const [url, w] of SEARCH_ENGINES) if ((r -= w) < 0) return url;
  return SEARCH_ENGINES[SEARCH_ENGINES.length - 1][0];
}

function paidLanding(cat: Catalog, v: Visitor, rng: Rng, product: () => Page): Landing {
  const interest = cat.collections[v.interest] ?? cat.collections[0];
  const ad = rng.chance(0.6)
    ? { referrer: 'https://www.google.com/', search: `?utm_source=google&utm_medium=cpc&utm_campaign=${interest.handle}-search` }
    : { referrer: 'https://l.facebook.com/', search: `?utm_source=facebook&utm_medium=paid_social&utm_campaign=${rng.pick(['summer-sale', 'new-season', 'retargeting'])}` };
  return { ...ad, page: rng.chance(0.6) ? product() : { kind: 'collection', c: v.interest } };
}

function emailLanding(cat: Catalog, v: Visitor, rng: Rng, product: () => Page): Landing {
  const abandoned = v.cart.length > 0 && rng.chance(0.5);
  const campaign = abandoned ? 'abandoned-cart' : rng.pick(['newsletter-weekly', 'winter-sale', 'new-arrivals']);
  const search = `?utm_source=klaviyo&utm_medium=email&utm_campaign=${campaign}`;
  const referrer = rng.chance(0.3) ? 'https://mail.google.com/' : '';
  if (abandoned) return { referrer, search, page: { kind: 'cart' } };
  if (campaign === 'winter-sale' || campaign === 'new-arrivals') {
    const handle = campaign === 'winter-sale' ? 'sale' : 'new-arrivals';
    return { referrer, search, page: { kind: 'collection', c: cat.collections.findIndex((c) => c.handle === handle) } };
  }
  return { referrer, search, page: rng.chance(0.5) ? { kind: 'home' } : product() };
}
