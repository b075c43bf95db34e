/**
 * PII masking shared by the web pixel (at the source) and the ingest pipeline (again on
 * the server, because `POST /ingest` is public and anyone can post anything to it).
 * One module, so both apply the same rules; the server imports it from here
 * (app/ingest/scrub-event.ts). Tiny, pure, dependency-free, ES2019 (no lookbehind:
 * older Safari workers cannot parse it).
 *
 * Rules, applied after percent-decoding repeatedly (`%252540` -> `%2540` -> `%40` -> `@`,
 * at most MAX_DECODE_ROUNDS; text still encoded after that is refused whole):
 * - emails -> `[email]`
 * - phones: `+` international (`+44 20 7946 0958`) and local formats with separators
 *   (`555-123-4567`, `(555) 123-4567`, `0412 345 678`), 9-15 digits -> `[phone]`
 * - card-like digit runs: 13-19 digits in groups (`4111 1111 1111 1111`), or 15-19
 *   contiguous digits passing the Luhn check -> `[card]`
 * - values of known personal keys (`first_name=`, `email:`, `phone=`, `address=`...) -> `[redacted]`
 * Deliberately kept: bare digit runs up to 14 (Shopify product/variant/order ids, SKUs),
 * 4-digit years and ISO dates (8 digits), prices, `#1001` order numbers, 7-digit local
 * numbers without an area code (too ambiguous to mask without eating ids).
 */

export const MAX_DECODE_ROUNDS = 4;

const EMAIL = /[^\s@/?#&=;:,<>()"']+@[^\s@/?#&=;:,<>()"']+\.[a-z]{2,}/gi;
/** Digit groups with separators, optionally `+country` and `(area)`; validated by digit count below. */
const PHONE = /(^|[^\w+])((?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,5}){1,4})(?!\w)/g;
const GROUPED_CARD = /(^|\D)(\d{4}(?:[ -]\d{3,6}){2,4})(?!\d)/g;
const LONG_DIGITS = /(^|\D)(\d{15,19})(?!\d)/g;
const PERSONAL_KEYS =
  'first_?name|last_?name|full_?name|given_?name|family_?name|surname|name|e-?mail|email_?address|phone|phone_?number|tel|telephone|mobile|address[12]?|street|postcode|postal_?code|zip|zip_?code|city|birthday|dob|customer_?name|billing_[a-z_]+|shipping_[a-z_]+';
const KEY_VALUE = new RegExp(`(^|[^a-z0-9_])(${PERSONAL_KEYS})(\\s*[=:]\\s*)([^&;#/]+)`, 'gi');

/** Percent-decodes until stable; `undefined` when still encoded after the bound (refuse it). */
export function decodeRepeatedly(value: string): string | undefined {
  let current = value;
  for (let round = 0; round <= MAX_DECODE_ROUNDS; round++) {
    const next = current.replace(/(?:%[0-9a-f]{2})+/gi, (chunk) => {
      try {
        return decodeURIComponent(chunk);
      } catch {
        return chunk;
      }
    });
    if (next === current) return current;
    if (round === MAX_DECODE_ROUNDS) return undefined;
    current = next;
  }
  return undefined;
}

function digits(s: string): number {
  return s.replace(/\D/g, '').length;
}

function luhn(run: string): boolean {
  let sum = 0;
  for (let i = 0; i < run.length; i++) {
    let d = run.charCodeAt(run.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** Masks PII in decoded text (no decoding here). */
function mask(text: string): string {
  return text
    .replace(KEY_VALUE, (_m, pre: string, key: string, sep: string) => `${pre}${key}${sep}[redacted]`)
    .replace(EMAIL, '[email]')
    .replace(GROUPED_CARD, (m, pre: string, run: string) => (digits(run) >= 13 && digits(run) <= 19 ? `${pre}[card]` : m))
    .replace(LONG_DIGITS, (m, pre: string, run: string) => (luhn(run) ? `${pre}[card]` : m))
    .replace(PHONE, (m, pre: string, run: string) => {
      const n = digits(run);
      const international = run.charAt(0) === '+';
      return (international ? n >= 8 : n >= 9) && n <= 15 ? `${pre}[phone]` : m;
    });
}

/**
 * Free text (search query, utm values, placement, ids): returned unchanged when clean,
 * else decoded and masked. `'[redacted]'` when it is still percent-encoded past the bound.
 */
export function scrubText(value: string): string {
  return plainlyClean(value) ? value : scrubTextFully(value);
}

/**
 * True for text no rule above can change, found in one pass without a regular expression:
 * nothing percent-encoded (`%`), no `@` (emails), no `=` or `:` (personal key-value pairs)
 * and fewer than 8 ASCII digits (every phone and card rule needs 8 or more). Most of what
 * the pixel sends (handles, paths, ids, queries) is such text, so the masks are skipped
 * for it; tests/unit/extensions/waymark-pixel/pii-scrub-shortcut.test.ts checks the
 * shortcut never changes an answer.
 */
export function plainlyClean(value: string): boolean {
  let digitCount = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++digitCount >= 8) return false;
    } else if (c === 37 || c === 64 || c === 61 || c === 58) return false; // % @ = :
  }
  return true;
}

/** scrubText without the shortcut: decode, then apply every mask. */
export function scrubTextFully(value: string): string {
  const decoded = decodeRepeatedly(value);
  if (decoded === undefined) return '[redacted]';
  const masked = mask(decoded);
  return masked === decoded ? value : masked;
}

/** True when scrubText would change the value. */
export function hasPii(value: string): boolean {
  return scrubText(value) !== value;
}

/** Segments under these are order/checkout/account tokens or customer ids. */
const TOKEN_PARENTS = ['orders', 'checkouts', 'account', 'invoices', 'pay', 'wallets'];

/**
 * A URL path as stored: no query string or fragment, segments holding PII replaced by
 * `:redacted`, opaque tokens under /orders, /checkouts, /account... by `:token`.
 */
export function scrubPath(pathname: string): string | undefined {
  if (pathname === '') return undefined;
  // Shortcut: nothing for a rule to change (plainlyClean), and no query, fragment or token parent.
  if (plainlyClean(pathname) && pathname.indexOf('?') === -1 && pathname.indexOf('#') === -1 && !TOKEN_PARENT_SEGMENT.test(pathname)) {
    const path = pathname.charAt(0) === '/' ? pathname : '/' + pathname;
    return path.length > 512 ? path.slice(0, 512) : path;
  }
  return scrubPathFully(pathname);
}

/** A segment under one of TOKEN_PARENTS somewhere in a path. */
const TOKEN_PARENT_SEGMENT = new RegExp(`(^|/)(${TOKEN_PARENTS.join('|')})(/|$)`, 'i');

/** scrubPath without the shortcut. */
export function scrubPathFully(pathname: string): string | undefined {
  if (pathname === '') return undefined;
  let path = pathname;
  const cut = path.search(/[?#]/);
  if (cut !== -1) path = path.slice(0, cut);
  let afterTokenParent = false;
  path = path
    .split('/')
    .map((segment) => {
      const lower = segment.toLowerCase();
      if (TOKEN_PARENTS.indexOf(lower) !== -1) {
        afterTokenParent = true;
        return segment;
      }
      if (segment.indexOf('@') !== -1 || hasPii(segment)) return ':redacted';
      if (afterTokenParent && segment.length >= 6 && /\d/.test(segment)) return ':token';
      return segment;
    })
    .join('/');
  if (path.charAt(0) !== '/') path = '/' + path;
  return path.length > 512 ? path.slice(0, 512) : path;
}

/**
 * A referrer reduced to its host: `https://user:pw@www.google.com:443/search?q=…` or
 * `www.google.com` -> `www.google.com:443` / `www.google.com`. Anything that is not a
 * plain host after that (or carries PII) is dropped.
 */
export function scrubHost(referrer: string): string | undefined {
  let host = referrer.trim();
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(host);
  if (scheme) host = scheme[1];
  else if (/[/?#]/.test(host)) return undefined;
  const at = host.lastIndexOf('@');
  if (at !== -1) host = host.slice(at + 1);
  host = host.toLowerCase();
  if (!host || host.length > 255 || !/^[a-z0-9.:[\]-]+$/.test(host) || hasPii(host)) return undefined;
  return host;
}
