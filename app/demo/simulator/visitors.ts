/** Simulated visitors: browser profiles (device mix) and the bounded returning-visitor pool. */
import type { DeviceClass } from '../../journeys/device-class';
import type { Rng } from './rng';
import type { BrowserProfile, SimLine } from './shopify-events';

interface UaDef {
  device: DeviceClass;
  weight: number;
  ua: string;
  size: [number, number, number, number];
}

const UAS: UaDef[] = [
  { device: 'mobile', weight: 30, ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', size: [390, 664, 390, 844] },
  { device: 'mobile', weight: 18, ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.122 Mobile Safari/537.36', size: [412, 785, 412, 915] },
  { device: 'mobile', weight: 8, ua: 'Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.6422.165 Mobile Safari/537.36', size: [360, 700, 360, 780] },
  { device: 'mobile', weight: 4, ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 335.0.0.25.109 (iPhone15,2; iOS 17_4; en_US; en)', size: [393, 659, 393, 852] },
  { device: 'desktop', weight: 15, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', size: [1536, 730, 1536, 864] },
  { device: 'desktop', weight: 9, ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15', size: [1440, 789, 1440, 900] },
  { device: 'desktop', weight: 5, ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', size: [1680, 925, 1680, 1050] },
  { device: 'desktop', weight: 3, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0', size: [1920, 955, 1920, 1080] },
  { device: 'tablet', weight: 4, ua: 'Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1', size: [820, 1106, 820, 1180] },
  { device: 'tablet', weight: 2, ua: 'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36', size: [1280, 712, 1280, 800] },
  { device: 'bot', weight: 1.2, ua: 'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.126 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', size: [412, 732, 412, 732] },
  { device: 'bot', weight: 0.8, ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/125.0.0.0 Safari/537.36', size: [800, 600, 800, 600] },
];
const UA_TOTAL = UAS.reduce((a, u) => a + u.weight, 0);
const LANGUAGES = ['en-US', 'en-US', 'en-US', 'en-GB', 'en-CA', 'fr-CA', 'de-DE', 'es-US'];

export interface Visitor {
  clientId: string;
  device: DeviceClass;
  browser: BrowserProfile;
  /** Last event time of the visitor's latest session (ms). */
  lastSeen: number;
  visits: number;
  orders: number;
  /** Collection index the visitor prefers (their interest), or -1. */
  interest: number;
  /** Recently viewed product indices (most recent last, ≤ 8). */
  viewed: number[];
  /** Cart persists across sessions, as on Shopify. */
  cart: SimLine[];
  cartId: string;
}

export function newVisitor(rng: Rng, interest: number): Visitor {
  let r = rng.next() * UA_TOTAL;
  let def = UAS[0];
  for (const u of UAS) {
    r -= u.weight;
    if (r < 0) {
      def = u;
      break;
    }
  }
  const [iw, ih, sw, sh] = def.size;
  return {
    clientId: rng.uuid(),
    device: def.device,
    browser: { userAgent: def.ua, language: rng.pick(LANGUAGES), innerWidth: iw, innerHeight: ih, screenWidth: sw, screenHeight: sh },
    lastSeen: 0,
    visits: 0,
    orders: 0,
    interest,
    viewed: [],
    cart: [],
    cartId: `hWN${rng.hex(20)}`,
  };
}

/** Bounded pool of past visitors who may come back (random replacement when full). */
export class VisitorPool {
  private readonly items: Visitor[] = [];
  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  add(v: Visitor, rng: Rng): void {
    if (this.items.length < this.capacity) this.items.push(v);
    else this.items[rng.int(0, this.capacity - 1)] = v;
  }

  /** A visitor whose last session ended more than `minGapMs` before `now`, or undefined. */
  pickReturning(rng: Rng, now: number, minGapMs: number): Visitor | undefined {
    if (!this.items.length) return undefined;
    for (let tries = 0; tries < 4; tries++) {
      // Favor recent visitors (people come back within days more than weeks).
      const k = this.items.length - 1 - Math.floor(Math.pow(rng.next(), 1.8) * this.items.length);
      const v = this.items[Math.max(0, k)];
      if (v.lastSeen + minGapMs < now && v.device !== 'bot') return v;
    }
    return undefined;
  }
}
