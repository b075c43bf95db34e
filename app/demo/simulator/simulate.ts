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
 * are therefore not interleaved (the backend sessionizes per client anyway).
 * With an `events` target the session rate is calibrated so that the target is
 * reached at about the end of the date range (it stops at exactly `events`).
 */
import { toJourneyEvent } from '../../../extensions/waymark-pixel/src/to-journey-event';
import type { JourneyEvent } from '../../api-contract/ingest';
import type { DeviceClass } from '../../journeys/device-class';
import { generateCatalog, type Catalog } from './catalog';
import type { BlockAnswer, BlockAsk } from './blocks';
import { Rng } from './rng';
import { ShopSim } from './shop-sim';
import type { SimPixelEvent } from './shopify-events';
import type { Visitor } from './visitors';

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

interface PlannedSession {
  shop: ShopSim;
  visitor: Visitor;
  rng: Rng;
  t: number;
  index: number;
}

/** The sessions in start-time order; the caller stops when its events target is reached. */
function* plan(options: SimulateOptions, blocks: boolean): Generator<PlannedSession> {
  const shopsN = Math.max(1, options.shops ?? 1);
  const days = Math.max(1 / 24, options.days ?? 30);
  const start = options.startDate === undefined ? DEFAULT_START : new Date(options.startDate).getTime();
  const end = start + days * 24 * HOUR;
  const offset = (options.utcOffsetHours ?? -5) * HOUR;
  const catalogs = simulatorCatalogs(options);
  const shops = catalogs.map((catalog, i) => new ShopSim(i, catalog, shopHost(i, options.seed), options.returningRate ?? 0.3));
  for (const shop of shops) shop.blocks = blocks;

  let targetSessions = options.sessions;
  if (targetSessions === undefined) {
    targetSessions = options.events === undefined ? Math.round(400 * days * shopsN) : Math.ceil(options.events / calibrate(options, blocks));
  }
  const maxSessions = options.sessions ?? Infinity;
  const ratePerMs = Math.max(targetSessions, 1) / (end - start) / PROFILE_MEAN;
  const lambdaMax = ratePerMs * PROFILE_MAX;

  const arrivals = new Rng(`arrivals:${options.seed}`);
  let t = start;
  let sessions = 0;
  while (sessions < maxSessions) {
    t += arrivals.exp(1 / lambdaMax);
    if (options.events === undefined && options.sessions === undefined && t >= end) break;
    const local = new Date(t + offset);
    const p = HOURLY[local.getUTCHours()] * WEEKDAY[(local.getUTCDay() + 6) % 7];
    if (arrivals.next() * PROFILE_MAX > p) continue;
    const shop = shops[shopsN === 1 ? 0 : arrivals.int(0, shopsN - 1)];
    const rng = new Rng(`${options.seed}:session:${sessions}`);
    const visitor = shop.chooseVisitor(rng, Math.floor(t));
    yield { shop, visitor, rng, t: Math.floor(t), index: sessions };
    shop.endSession(visitor);
    sessions++;
  }
}

function simulated(s: PlannedSession, pixel: SimPixelEvent): SimulatedEvent | undefined {
  const event = toJourneyEvent(pixel);
  return event ? { shop: s.shop.index, pixel, event, userAgent: s.visitor.browser.userAgent, device: s.visitor.device, session: s.index } : undefined;
}

export function* simulate(options: SimulateOptions): Generator<SimulatedEvent> {
  const maxEvents = options.events ?? Infinity;
  let events = 0;
  if (maxEvents <= 0) return;
  for (const s of plan(options, false)) {
    for (const step of s.shop.session(s.visitor, s.rng, s.t)) {
      const out = 'kind' in step ? undefined : simulated(s, step);
      if (!out) continue;
      yield out;
      if (++events >= maxEvents) return;
    }
  }
}

/** Answers a theme block's question (the demo asks the real recommendation endpoint). */
export type AskBlock = (ask: BlockAsk) => Promise<BlockAnswer | undefined>;

/**
 * `simulate` with Waymark's theme blocks on product and cart pages: each block's question
 * goes to `ask`, and the visit goes on with the answer (impressions, clicks, the clicked
 * product's page). Same options and answers → identical output.
 */
export async function* simulateWithBlocks(options: SimulateOptions, ask: AskBlock): AsyncGenerator<SimulatedEvent> {
  const maxEvents = options.events ?? Infinity;
  let events = 0;
  if (maxEvents <= 0) return;
  for (const s of plan(options, true)) {
    const visit = s.shop.session(s.visitor, s.rng, s.t);
    let answer: BlockAnswer | undefined;
    for (let step = visit.next(); !step.done; step = visit.next(answer)) {
      answer = undefined;
      if ('kind' in step.value) {
        answer = await ask(step.value);
        continue;
      }
      const out = simulated(s, step.value);
      if (!out) continue;
      yield out;
      if (++events >= maxEvents) return;
    }
  }
}

/** Just the compact events. */
export function* simulateJourneyEvents(options: SimulateOptions): Generator<JourneyEvent> {
  for (const e of simulate(options)) yield e.event;
}

/** Mean events per session for these options (simulated on a private stream; a block's question counts as its impression). */
function calibrate(options: SimulateOptions, blocks: boolean): number {
  const catalog = generateCatalog({ seed: `${options.seed}:calibration`, products: options.products, currency: options.currency });
  const shop = new ShopSim(0, catalog, 'calibration.myshopify.com', options.returningRate ?? 0.3);
  shop.blocks = blocks;
  let n = 0;
  const sessions = 600;
  let t = DEFAULT_START;
  for (let k = 0; k < sessions; k++) {
    const rng = new Rng(`calibration:${options.seed}:${k}`);
    t += 3 * MINUTE;
    const v = shop.chooseVisitor(rng, t);
    for (const step of shop.session(v, rng, t)) if (!('kind' in step)) n++;
    shop.endSession(v);
  }
  return Math.max(1, n / sessions);
}
