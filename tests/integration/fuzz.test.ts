/**
 * A short run of the hostile-input fuzzer (tests/bench/fuzz.ts; the full 10,000-case run is
 * `npm run bench -- --only fuzz`): 1,000 seeded cases against the real server in its own
 * process, credentials configured. No 5xx,
 * no dropped connection, a JSON `error` on every 4xx, and the server still healthy.
 */
import { describe, expect, it } from 'vitest';
import { fuzzCases, fuzzMarkdown, regressionCases, runFuzz } from '../bench/fuzz';

describe('fuzzing the public endpoints', () => {
  it('generates the same cases for the same seed', () => {
    // Signatures and tokens carry the current time; everything else is fixed by the seed.
    const shape = (c: { method: string; path: string; kind: string; body?: unknown }) => [c.method, c.path.replace(/timestamp=\d+.*$/, ''), c.kind, String(c.body ?? '').length];
    const a = [...fuzzCases(7, 200, 'key')].map(shape);
    const b = [...fuzzCases(7, 200, 'key')].map(shape);
    expect(a).toEqual(b);
    expect(new Set([...fuzzCases(7, 200, 'key')].map((c) => c.endpoint))).toEqual(new Set(['ingest', 'webhooks', 'proxy', 'api']));
  });

  it('1,000 hostile requests: no 5xx, no crash, a JSON error on every 4xx', async () => {
    const r = await runFuzz({ count: 1_000, seed: 1127 });
    if (r.failures.length) console.error(fuzzMarkdown(r));
    expect(r.failures).toEqual([]);
    expect(r.serverErrors).toBe(0);
    expect(r.networkErrors).toBe(0);
    expect(r.non4xxJson).toBe(0);
    expect(r.healthyAtEnd).toBe(true);
    expect(r.processAlive).toBe(true);
    // every endpoint was exercised and mostly refused
    for (const ep of ['ingest', 'webhooks', 'proxy', 'api']) expect(Object.values(r.byEndpoint[ep] ?? {}).reduce((a, b) => a + b, 0)).toBe(250);
    // the fixed regressions of issue #12 (impossible dates, /auth without a shop, tokens without a URL dest) all ran and were refused with 4xx
    const other = r.byEndpoint.other ?? {};
    expect(Object.values(other).reduce((a, b) => a + b, 0)).toBe(regressionCases().length);
    expect(Object.keys(other).every((s) => Number(s) >= 400 && Number(s) < 500)).toBe(true);
    // ~20-30 s on an idle 2-core machine; the timeout leaves room for a loaded one.
  }, 120_000);
});
