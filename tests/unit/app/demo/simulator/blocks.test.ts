import { describe, expect, it } from 'vitest';
import {
  blockShows,
  simulate,
  simulateWithBlocks,
  simulatorCatalogs,
  themeRecommendations,
  type BlockAnswer,
  type BlockAsk,
  type SimulatedEvent,
} from '../../../../../app/demo/simulator';

const options = { seed: 7, events: 3000, products: 60, days: 10 };
const [catalog] = simulatorCatalogs(options);

async function run(answer: (ask: BlockAsk) => BlockAnswer | undefined): Promise<{ events: SimulatedEvent[]; asks: BlockAsk[] }> {
  const asks: BlockAsk[] = [];
  const events: SimulatedEvent[] = [];
  for await (const e of simulateWithBlocks(options, async (ask) => (asks.push(ask), answer(ask)))) events.push(e);
  return { events, asks };
}

/** An endpoint stand-in: every third visitor key in the holdout, the rest get the catalog's next products. */
function stub(ask: BlockAsk): BlockAnswer {
  const holdout = ask.visitor.charCodeAt(ask.visitor.length - 1) % 3 === 0;
  if (holdout) return { group: 'holdout', strategy: 'holdout', products: [] };
  const from = ask.productId ? catalog.products.findIndex((p) => p.id === ask.productId) : 0;
  return { group: 'treatment', strategy: 'model', products: [1, 2, 3, 4, 5].map((k) => ({ id: catalog.products[(from + k) % catalog.products.length].id })) };
}

describe('theme blocks in the simulator', () => {
  it('shows Waymark’s products, else the theme’s own; the holdout sees the theme’s, tagged holdout', () => {
    const p = 10;
    const model = blockShows(catalog, { group: 'treatment', strategy: 'model', products: [{ id: catalog.products[3].id }, { id: catalog.products[p].id }] }, p);
    expect(model).toEqual({ items: [3], strategy: 'model' });
    const theme = themeRecommendations(catalog, p);
    expect(theme.length).toBeGreaterThan(0);
    expect(theme).not.toContain(p);
    expect(blockShows(catalog, { group: 'treatment', strategy: 'none', products: [] }, p)).toEqual({ items: theme, strategy: 'shopify' });
    expect(blockShows(catalog, { group: 'holdout', strategy: 'holdout', products: [] }, p)).toEqual({ items: theme, strategy: 'holdout' });
    // A failed request: no Waymark answer.
    expect(blockShows(catalog, undefined, p).strategy).toBe('shopify');
    // The home page block has no product to ask the theme about.
    expect(blockShows(catalog, { group: 'holdout', strategy: 'holdout', products: [] }, undefined)).toEqual({ items: [], strategy: 'holdout' });
  });

  it('asks the endpoint as the blocks do, and reports impressions and clicks through the pixel’s events', async () => {
    const { events, asks } = await run(stub);
    expect(events).toHaveLength(3000);
    expect(new Set(asks.map((a) => a.placement))).toEqual(new Set(['recommended', 'also_like', 'bought_together']));
    for (const a of asks) {
      expect(a.visitor).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
      expect(a.limit).toBe(4);
      if (a.placement === 'also_like') expect(a.productId).toMatch(/^\d+$/);
    }
    const impressions = events.filter((e) => e.event.name === 'waymark:rec_impression');
    const clicks = events.filter((e) => e.event.name === 'waymark:rec_click');
    expect(impressions.length).toBeGreaterThan(100);
    expect(clicks.length).toBeGreaterThan(5);
    expect(new Set(impressions.map((e) => e.event.strategy))).toEqual(new Set(['model', 'holdout']));
    // A click opens the clicked product next, in the same visit.
    for (const c of clicks) {
      const next = events.find((e) => e.session === c.session && e.event.ts >= c.event.ts && e.event.name === 'product_viewed');
      expect(next?.event.productId).toBe(c.event.productId);
    }
  });

  it('is deterministic for the same answers, and block-free `simulate` is unchanged by it', async () => {
    const a = await run(stub);
    const b = await run(stub);
    expect(b.events).toEqual(a.events);
    const plain = [...simulate(options)];
    expect(plain.some((e) => e.event.name.startsWith('waymark:'))).toBe(false);
  });
});
