import { describe, expect, it } from 'vitest';
import { activatePixel, PixelActivationError } from '../../../../app/shops/activate-pixel';
import type { GraphqlFn } from '../../../../app/admin-api/admin-graphql';

/** A fake Admin API that keeps one web pixel, as Shopify does per app and shop. */
function fakeAdmin() {
  let pixel: { id: string; settings: string } | null = null;
  const calls: string[] = [];
  const graphql: GraphqlFn = async (query, variables) => {
    const op = /(query|mutation) (\w+)/.exec(query)![2];
    calls.push(op);
    if (op === 'WaymarkPixel') {
      if (!pixel) throw new Error('No web pixel was found for this app.');
      return { data: { webPixel: pixel } };
    }
    const settings = (variables!.webPixel as { settings: string }).settings;
    if (op === 'WaymarkPixelCreate') {
      pixel = { id: 'gid://shopify/WebPixel/1', settings };
      return { data: { webPixelCreate: { webPixel: { id: pixel.id }, userErrors: [] } } };
    }
    pixel = { id: variables!.id as string, settings };
    return { data: { webPixelUpdate: { webPixel: { id: pixel.id }, userErrors: [] } } };
  };
  return { graphql, calls, current: () => pixel };
}

describe('activatePixel', () => {
  it('creates the pixel on first install, then updates it (idempotent)', async () => {
    const admin = fakeAdmin();
    const settings = { ingestUrl: 'https://waymark.example.com/ingest', shopKey: 'wm_abc' };
    expect(await activatePixel(admin.graphql, settings)).toEqual({ pixelId: 'gid://shopify/WebPixel/1', action: 'created' });
    expect(await activatePixel(admin.graphql, { ...settings, shopKey: 'wm_new' })).toEqual({ pixelId: 'gid://shopify/WebPixel/1', action: 'updated' });
    expect(JSON.parse(admin.current()!.settings)).toEqual({ ingestUrl: 'https://waymark.example.com/ingest', shopKey: 'wm_new' });
    expect(admin.calls).toEqual(['WaymarkPixel', 'WaymarkPixelCreate', 'WaymarkPixel', 'WaymarkPixelUpdate']);
  });

  it('reports user errors clearly', async () => {
    const graphql: GraphqlFn = async (q) =>
      q.includes('query') ? { data: { webPixel: null } } : { data: { webPixelCreate: { webPixel: null, userErrors: [{ field: ['settings'], message: 'invalid', code: 'INVALID_SETTINGS' }] } } };
    await expect(activatePixel(graphql, { ingestUrl: 'x', shopKey: 'y' })).rejects.toThrow(PixelActivationError);
    await expect(activatePixel(graphql, { ingestUrl: 'x', shopKey: 'y' })).rejects.toThrow(/INVALID_SETTINGS/);
  });
});
