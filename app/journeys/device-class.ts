/** User-agent → coarse device class. Pure, regex-only (no UA database). */
export const DEVICE_CLASSES = ['desktop', 'mobile', 'tablet', 'bot', 'other'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

const BOT = /bot\b|bot\/|crawl|spider|slurp|headlesschrome|lighthouse|pagespeed|preview|facebookexternalhit|embedly|python-requests|python-urllib|curl\/|wget\/|go-http-client|node-fetch|undici|axios\/|httpclient|okhttp|java\/|scrapy|phantomjs|puppeteer|playwright|monitor|pingdom|uptime/i;
const TABLET = /ipad|tablet|kindle|silk\/|playbook|nexus (7|9|10)|sm-t\d|tab\b/i;
const MOBILE = /mobi|iphone|ipod|windows phone|blackberry|bb10|opera mini|iemobile|webos|fennec/i;
const DESKTOP = /windows nt|macintosh|mac os x|x11|linux|cros/i;

/**
 * Note: iPadOS 13+ Safari sends a desktop (Macintosh) UA by default, so those
 * iPads count as desktop; Android tablets are told apart by the missing "Mobile".
 */
export function deviceClass(userAgent: string | null | undefined): DeviceClass {
  const ua = (userAgent ?? '').trim();
  if (!ua) return 'other';
  if (BOT.test(ua)) return 'bot';
  if (TABLET.test(ua)) return 'tablet';
  if (/android/i.test(ua)) return /mobile/i.test(ua) ? 'mobile' : 'tablet';
  if (MOBILE.test(ua)) return 'mobile';
  if (DESKTOP.test(ua)) return 'desktop';
  return 'other';
}
