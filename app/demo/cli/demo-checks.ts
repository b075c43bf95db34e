/**
 * What `npm run demo` asks its own server once the store is trained: recommendations through
 * the app proxy endpoint for each placement, the admin API's shop and journey-map answers, and
 * the Recommendations page's performance report (the simulated blocks' impressions and clicks).
 */
import type { PerformanceAnswer } from '../../api-contract/recs';

/**
 * Training ran on this process's event loop for a while; the server's and the client's
 * keep-alive timers then fire together and the first request can meet a socket being
 * closed (ECONNRESET). Retry a network error once on a new connection.
 */
export async function fetchRetrying(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    return fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), connection: 'close' } });
  }
}

/** Asks the proxy endpoint for each placement, as the storefront blocks do. */
export async function checkRecommendations(baseUrl: string, productIds: string[]) {
  const strategies: Record<string, number> = {};
  let served = 0;
  for (let i = 0; i < 30; i++) {
    const product = productIds[(i * 7) % productIds.length];
    const placement = (['recommended', 'also_like', 'bought_together'] as const)[i % 3];
    const recent = productIds.slice(i, i + 3).join(',');
    const res = await fetchRetrying(
      `${baseUrl}/apps/waymark/recommendations?placement=${placement}&product_id=${product}&recent=${recent}&limit=8&visitor=demo${i}`,
    );
    if (!res.ok) throw new Error(`recommendations endpoint answered ${res.status}`);
    const body = (await res.json()) as { strategy: string; products: unknown[] };
    strategies[`${placement}:${body.strategy}`] = (strategies[`${placement}:${body.strategy}`] ?? 0) + 1;
    if (body.products.length > 0) served++;
  }
  return { served, strategies };
}

/** The admin API counts the ingested events, and the journey map answers for its default window. */
export async function checkAdminApi(baseUrl: string, eventsIngested: number) {
  const apiRes = await fetchRetrying(`${baseUrl}/api/shop`);
  const api = (await apiRes.json()) as { counts?: { events: number; journeys: number } };
  if (!apiRes.ok || api.counts?.events !== eventsIngested) {
    throw new Error(`admin API check failed: HTTP ${apiRes.status}, ${JSON.stringify(api)}`);
  }
  const mapRes = await fetchRetrying(`${baseUrl}/api/journey-map`);
  // The API's default window: the same one the admin page opens with (the last 30 of the shop's days).
  const map = (await mapRes.json()) as { range?: { from: string; to: string }; headline?: { current?: { sessions?: number; purchases?: number } }; funnel?: unknown };
  if (!mapRes.ok) throw new Error(`journey map API failed: HTTP ${mapRes.status} ${JSON.stringify(map)}`);
  return {
    adminApi: { status: apiRes.status, events: api.counts?.events, journeys: api.counts?.journeys },
    journeyMap: { status: mapRes.status, range: map.range, sessions: map.headline?.current?.sessions, purchases: map.headline?.current?.purchases },
  };
}

/** The Recommendations page's report for its default window: the simulated blocks must show there. */
export async function checkBlockPerformance(baseUrl: string) {
  const res = await fetchRetrying(`${baseUrl}/api/recommendations/performance`);
  const body = (await res.json()) as Partial<PerformanceAnswer>;
  const total = body.total;
  if (!res.ok || !total || total.impressions === 0) {
    throw new Error(`recommendations performance check failed: HTTP ${res.status}, ${JSON.stringify(body).slice(0, 300)}`);
  }
  const lift = body.lift!;
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    impressions: total.impressions,
    clicks: total.clicks,
    ctr: round(total.ctr),
    attributedOrders: total.attributedOrders,
    attributedRevenue: total.attributedRevenue,
    treatmentVisitors: lift.treatment.visitors,
    holdoutVisitors: lift.holdout.visitors,
    liftRelative: round(lift.relative),
    liftEnoughData: lift.enoughData,
  };
}
