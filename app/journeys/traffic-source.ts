/**
 * Traffic source of a visit from the landing event's referrer host and utm tags.
 * Pure. utm tags win over the referrer (a paid Google click has refHost google.com
 * and utm_medium=cpc: it is `paid`, not `search`).
 */
import type { JourneyEvent } from '../api-contract/ingest';

export const TRAFFIC_SOURCES = ['direct', 'search', 'social', 'email', 'paid', 'referral', 'internal'] as const;
export type TrafficSource = (typeof TRAFFIC_SOURCES)[number];

export interface TrafficSourceOptions {
  /** The shop's own hosts (storefront domains); referrers from them are `internal`. */
  shopHosts?: readonly string[];
}

const PAID_MEDIUMS = /^(cpc|ppc|cpm|cpv|cpa|paid|paid[-_ ]?(search|social|media)|paidsocial|display|banner|ads?|retargeting|affiliate|shopping)$/;
const EMAIL_MEDIUMS = /^(e-?mail|newsletter|klaviyo|sms)$/;
const SOCIAL_MEDIUMS = /^(social|social[-_ ]?(network|media)|sm|organic[-_ ]?social)$/;
const SEARCH_MEDIUMS = /^(organic|seo|organic[-_ ]?search)$/;

const SEARCH_HOSTS = /(^|\.)(google\.[a-z.]+|bing\.com|duckduckgo\.com|yahoo\.[a-z.]+|baidu\.com|yandex\.[a-z.]+|ecosia\.org|search\.brave\.com|qwant\.com|naver\.com|startpage\.com)$/;
const SOCIAL_HOSTS = /(^|\.)(facebook\.com|fb\.com|fb\.me|instagram\.com|t\.co|twitter\.com|x\.com|pinterest\.[a-z.]+|pin\.it|tiktok\.com|linkedin\.com|lnkd\.in|reddit\.com|youtube\.com|youtu\.be|snapchat\.com|threads\.net|whatsapp\.com|telegram\.org|t\.me|tumblr\.com|vk\.com)$/;
const EMAIL_HOSTS = /(^|\.)(mail\.google\.com|outlook\.(live|office|office365)\.com|mail\.yahoo\.com|mail\.aol\.com|mail\.proton\.me|webmail\.[a-z0-9.-]+|klaviyo\.com|mailchimp\.com|list-manage\.com)$/;
const INTERNAL_HOSTS = /(^|\.)(myshopify\.com|checkout\.shopify\.com|shopify\.com)$/;
const SEARCH_SOURCES = /^(google|bing|duckduckgo|yahoo|baidu|yandex|ecosia|brave)$/;
const SOCIAL_SOURCES = /^(facebook|fb|instagram|ig|twitter|x|pinterest|tiktok|linkedin|reddit|youtube|snapchat|threads|meta)$/;
const EMAIL_SOURCES = /^(newsletter|klaviyo|mailchimp|email|omnisend)$/;

function normHost(host: string): string {
  return host.toLowerCase().replace(/:\d+$/, '').replace(/^www\./, '');
}

export function classifyTrafficSource(
  event: Pick<JourneyEvent, 'refHost' | 'utm'>,
  options: TrafficSourceOptions = {},
): TrafficSource {
  const medium = event.utm?.medium?.trim().toLowerCase();
  const source = event.utm?.source?.trim().toLowerCase();
  if (medium) {
    if (PAID_MEDIUMS.test(medium)) return 'paid';
    if (EMAIL_MEDIUMS.test(medium)) return 'email';
    if (SOCIAL_MEDIUMS.test(medium)) return 'social';
    if (SEARCH_MEDIUMS.test(medium)) return 'search';
    if (medium === 'referral') return 'referral';
  }
  if (source) {
    if (EMAIL_SOURCES.test(source)) return 'email';
    if (SOCIAL_SOURCES.test(source)) return 'social';
    if (SEARCH_SOURCES.test(source)) return medium ? 'referral' : 'search';
  }
  const host = event.refHost ? normHost(event.refHost) : '';
  if (host) {
    const own = (options.shopHosts ?? []).map(normHost);
    if (own.includes(host) || INTERNAL_HOSTS.test(host)) return 'internal';
    if (EMAIL_HOSTS.test(host)) return 'email';
    if (SEARCH_HOSTS.test(host)) return 'search';
    if (SOCIAL_HOSTS.test(host)) return 'social';
    return 'referral';
  }
  // utm tags without a known medium and no referrer: tagged link from somewhere.
  if (source || medium) return 'referral';
  return 'direct';
}
