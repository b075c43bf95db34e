import { describe, expect, it } from 'vitest';
import { FUNNEL_PAGE_TYPES, funnelQuerySchema } from '../../../../app/api-contract/funnel';
import { FUNNEL_TOKENS } from '../../../../app/analytics/rollup-shapes';
import { parseInput } from '../../../../app/problem';

describe('funnelQuerySchema', () => {
  it('lists the same page types as the roll-ups’ funnel tokens', () => {
    expect([...FUNNEL_PAGE_TYPES]).toEqual([...FUNNEL_TOKENS]);
  });
  it('parses each step kind, bare page types and the defaults', () => {
    const q = funnelQuerySchema.parse({ steps: 'session,page:cart,product:123,collection:summer-sale,event:add_to_cart', window: '30m', mode: 'open' });
    expect(q.steps).toEqual([
      { kind: 'page', value: 'session' },
      { kind: 'page', value: 'cart' },
      { kind: 'product', value: '123' },
      { kind: 'collection', value: 'summer-sale' },
      { kind: 'event', value: 'add_to_cart' },
    ]);
    expect(q).toMatchObject({ mode: 'open', window: '30m', compare: false });
    const d = funnelQuerySchema.parse({});
    expect(d.steps.map((s) => s.value)).toEqual(['session', 'product', 'cart', 'checkout', 'purchase']);
    expect(d).toMatchObject({ mode: 'closed', window: 'session' });
  });
  it.each([
    ['session,event:dance', 'steps.1', 'unknown event "dance"'],
    ['session,thing:1', 'steps.1', 'unknown step kind "thing"'],
    ['session,product:a b', 'steps.1', 'expected product:<id or handle>'],
    ['session,page:nowhere', 'steps.1', 'unknown page type "nowhere"'],
    ['session', 'steps', 'between 2 and 10 steps'],
    ['session,cart,page:cart', 'steps.2', 'repeats'],
  ])('refuses %s at %s', (steps, path, message) => {
    const r = parseInput(funnelQuerySchema, { steps }, 'query');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('invalid_input');
    expect(r.problem.fields?.[0].path).toBe(path);
    expect(r.problem.fields?.[0].message).toContain(message);
  });
  it('refuses an unknown window or mode', () => {
    expect(parseInput(funnelQuerySchema, { window: '2w' }, 'query').ok).toBe(false);
    expect(parseInput(funnelQuerySchema, { mode: 'half' }, 'query').ok).toBe(false);
  });
});
