/**
 * Activates Waymark's web pixel on a shop after install, with its settings (the ingest
 * URL and the shop's public key). Idempotent: updates the existing pixel when there is
 * one (webPixelUpdate), creates it otherwise (webPixelCreate).
 * https://shopify.dev/docs/apps/build/marketing-analytics/build-web-pixels
 */
import type { GraphqlFn } from '../admin-api/admin-graphql';
import { WaymarkError } from '../errors';

const FIND = `query WaymarkPixel { webPixel { id settings } }`;
const CREATE = `mutation WaymarkPixelCreate($webPixel: WebPixelInput!) {
  webPixelCreate(webPixel: $webPixel) { webPixel { id } userErrors { field message code } }
}`;
const UPDATE = `mutation WaymarkPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
  webPixelUpdate(id: $id, webPixel: $webPixel) { webPixel { id } userErrors { field message code } }
}`;

export class PixelActivationError extends WaymarkError {
  override name = 'PixelActivationError';
}

export async function activatePixel(
  graphql: GraphqlFn,
  settings: { ingestUrl: string; shopKey: string },
): Promise<{ pixelId: string; action: 'created' | 'updated' }> {
  const webPixel = { settings: JSON.stringify(settings) };
  // `webPixel` errors (NOT_FOUND) when the app has none yet: treat any error as "none".
  const found = await graphql(FIND).catch(() => ({ data: undefined }));
  const existing: string | undefined = found.data?.webPixel?.id;
  const res = existing
    ? await graphql(UPDATE, { id: existing, webPixel })
    : await graphql(CREATE, { webPixel });
  const payload = existing ? res.data?.webPixelUpdate : res.data?.webPixelCreate;
  const errors = payload?.userErrors ?? [];
  if (errors.length || !payload?.webPixel?.id) {
    throw new PixelActivationError(`web pixel ${existing ? 'update' : 'create'} failed: ${JSON.stringify(errors.length ? errors : res.errors ?? res.data)}`);
  }
  return { pixelId: payload.webPixel.id, action: existing ? 'updated' : 'created' };
}
