/** The merchant-facing words of the features: devices, sources, landing pages, hours, amounts. */
import type { FeatureKind, HOUR_LEVELS, LANDING_LEVELS, SOURCE_LEVELS } from './feature-levels';

export function deviceNoun(d: 'desktop' | 'mobile' | 'tablet'): string {
  return d === 'desktop' ? 'a desktop' : d === 'mobile' ? 'a phone' : 'a tablet';
}

export function hourText(h: (typeof HOUR_LEVELS)[number]): string {
  return h === 'night' ? 'night (0–6h UTC)' : h === 'morning' ? 'morning (6–12h UTC)' : h === 'afternoon' ? 'afternoon (12–18h UTC)' : 'evening (18–24h UTC)';
}

export function sourceShort(s: (typeof SOURCE_LEVELS)[number]): string {
  return s === 'direct' ? 'Arrived directly (typed URL or bookmark)' : `Came ${sourceLabel(s).replace(/^arrive /, '')}`;
}

export function formatAmount(kind: FeatureKind, x: number): string {
  if (kind === 'seconds') return x >= 120 ? `${Math.round(x / 60)} min` : `${Math.round(x)} s`;
  if (kind === 'price') return `${Math.round(x)} (store currency)`;
  return String(Math.round(x));
}

export function sourceLabel(s: (typeof SOURCE_LEVELS)[number]): string {
  switch (s) {
    case 'direct':
      return 'arrive directly (typed URL or bookmark)';
    case 'search':
      return 'arrive from a search engine';
    case 'social':
      return 'arrive from social media';
    case 'email':
      return 'arrive from an email';
    case 'paid':
      return 'arrive from a paid ad';
    case 'referral':
      return 'arrive from another website';
    default:
      return 'arrive from your own store pages';
  }
}

export function landingLabel(l: (typeof LANDING_LEVELS)[number]): string {
  switch (l) {
    case 'home':
      return 'land on the home page';
    case 'collection':
      return 'land on a collection page';
    case 'search':
      return 'land on search results';
    case 'product':
      return 'land on a product page';
    case 'cart':
      return 'land on the cart';
    case 'checkout':
      return 'land in checkout';
    default:
      return 'land on another kind of page';
  }
}
