import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../../web/src/i18n';
import { columnHeading, foldedCheckout, kindRank, nodeDescription, nodeName, type Flow, type FlowNode } from '../../../../web/src/components/flow-nodes';

const node = (over: Partial<FlowNode>): FlowNode => ({
  id: '0:product',
  position: 0,
  kind: 'step',
  step: 'product',
  node: 'product',
  itemId: null,
  label: 'product',
  sessions: 1200,
  purchases: 30,
  exits: 400,
  dropOffRate: 1 / 3,
  continuing: 800,
  ...over,
});

const flow = (over: Partial<Flow> = {}): Flow => ({
  anchor: 'start',
  depth: 8,
  totals: { sessions: 1200, purchases: 30 },
  nodes: [],
  links: [],
  detail: 'step',
  checkout: 'fold',
  filtersExact: true,
  ...over,
});

describe('flow chart vocabulary', () => {
  it('heads columns from the entry, or backwards from the purchase or exit', () => {
    expect([0, 1, 2].map((p) => columnHeading(p, 'start'))).toEqual(['1st page', '2nd page', '3rd page']);
    expect(columnHeading(1, 'start', true)).toBe('2nd');
    expect([-2, -1, 0].map((p) => columnHeading(p, 'purchase'))).toEqual(['2 pages before', '1 page before', 'Purchase']);
    expect(columnHeading(0, 'exit')).toBe('Last page');
    expect(columnHeading(-3, 'exit', true)).toBe('−3');
  });

  it('names page types in the admin vocabulary, and items by their label', () => {
    expect(nodeName(node({}), flow())).toBe('Product page');
    expect(nodeName(node({ label: 'Dome Tent' }), flow({ detail: 'item' }))).toBe('Dome Tent');
    expect(nodeName(node({ kind: 'other', step: null, label: 'Other (4)' }), flow())).toBe('Other (4)');
  });

  it('describes a node for screen readers with its numbers and what pressing it does', () => {
    const f = flow();
    expect(nodeDescription(node({}), f)).toMatch(/^1st page: .+, 1,200 sessions, 30 purchased, 400 left here \(33\.3%\)$/);
    expect(nodeDescription(node({ kind: 'exit', step: null, position: 2 }), f)).toBe('3rd page: 1,200 sessions left the store');
    expect(nodeDescription(node({ kind: 'other', expandable: true }), f)).toMatch(/Press to show more$/);
    const checkout = node({ step: 'checkout' });
    expect(foldedCheckout(checkout, f)).toBe(true);
    expect(foldedCheckout(checkout, flow({ checkout: 'steps' }))).toBe(false);
    expect(nodeDescription(checkout, f)).toMatch(/Press to show each checkout step$/);
  });

  it('orders page types before "Other" before exits and entries', () => {
    expect([node({ kind: 'exit' }), node({ kind: 'other' }), node({})].map(kindRank)).toEqual([2, 1, 0]);
  });
});

describe('flow chart vocabulary in French and Japanese', () => {
  afterEach(() => setLocale('en', 'en-US'));

  it('heads columns and names page types in the admin language', async () => {
    await setLocale('fr', 'fr-FR');
    expect([0, 1].map((p) => columnHeading(p, 'start'))).toEqual(['1re page', '2e page']);
    expect([-2, -1, 0].map((p) => columnHeading(p, 'purchase'))).toEqual(['2 pages avant', '1 page avant', 'Achat']);
    expect(nodeName(node({}), flow())).toBe('Page produit');
    expect(nodeDescription(node({}), flow())).toBe(`1re page : Page produit, 1\u202f200 sessions, 30 achats, 400 partis ici (33,3\u00a0%)`);
    await setLocale('ja', 'ja-JP');
    expect(columnHeading(2, 'start')).toBe('3 ページ目');
    expect(columnHeading(0, 'exit')).toBe('最後のページ');
    expect(nodeName(node({}), flow())).toBe('商品ページ');
    expect(nodeName(node({ label: 'Dome Tent' }), flow({ detail: 'item' }))).toBe('Dome Tent');
  });
});
