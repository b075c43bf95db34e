import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPixel } from '../../../../app/cli/build-pixel';

const dir = mkdtempSync(join(tmpdir(), 'waymark-pixel-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pixel bundle', () => {
  it('builds small, self-contained and free of zod and the backend contract', async () => {
    const result = await buildPixel({ outfile: join(dir, 'waymark-pixel.js') });
    const code = readFileSync(result.outfile, 'utf8');
    console.log(`pixel bundle: raw ${result.rawBytes} B, gzip ${result.gzipBytes} B`);

    expect(result.gzipBytes).toBeLessThan(15 * 1024);
    expect(result.rawBytes).toBe(Buffer.byteLength(code));
    expect(code.toLowerCase()).not.toContain('zod');
    expect(result.inputs.some((p) => p.includes('node_modules/zod'))).toBe(false);
    expect(result.inputs.some((p) => p.startsWith('app/'))).toBe(false);
    // an IIFE that registers with the sandbox's global
    expect(code).toContain('WebPixel::Render');
    expect(code).toContain('shopify.extend');
    expect(code).toMatch(/keepalive:\s*!0|keepalive:true/);
  });

  it('registers through the sandbox global when evaluated as a worker script', async () => {
    const result = await buildPixel({ outfile: join(dir, 'eval.js') });
    const code = readFileSync(result.outfile, 'utf8');
    const extended: Array<[string, unknown]> = [];
    const shopify = { extend: (point: string, fn: unknown) => extended.push([point, fn]) };
    new Function('shopify', code)(shopify);
    expect(extended).toHaveLength(1);
    expect(extended[0][0]).toBe('WebPixel::Render');
    expect(typeof extended[0][1]).toBe('function');
  });
});
