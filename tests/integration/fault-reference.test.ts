/**
 * A fault on the storefront's two paths (POST /ingest from the pixel, the app proxy's
 * recommendations) answers 500 with a support `reference` that is also in the log line of
 * that fault, as the admin API's 500s do. The faults are real: a table the request needs is
 * dropped from the database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installedShop, startTestServer, withCredentials, TEST_API_SECRET, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { capturingLogger } from '../helpers/capturing-logger';
import { signedProxyQuery } from '../bench/app-proxy-request';


describe.each(PROVIDERS_UNDER_TEST)('500 answers on the storefront paths carry a support reference, on %s', (provider) => {
  let s: TestServer | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });
  const drop = (table: string) => s!.db.$executeRawUnsafe(provider === 'postgresql' ? `DROP TABLE "${table}" CASCADE` : `DROP TABLE "${table}"`);

  it('POST /ingest', async () => {
    const log = capturingLogger('error');
    s = await startTestServer({ provider, logger: log.logger });
    const shop = await installedShop(s.db, 'fault-ingest.myshopify.com');
    await drop('Event');
    const res = await fetch(`${s.url}/ingest`, {
      method: 'POST',
      body: JSON.stringify({ shopKey: shop.shopKey, events: [{ id: 'f-1', name: 'page_viewed', ts: Date.now(), clientId: 'c', path: '/' }] }),
    });
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'internal', reference: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(log.lines.filter((l) => l.reference === error.reference).map((l) => l.msg)).toEqual(['ingest request failed']);
  });

  it('the app proxy', async () => {
    const log = capturingLogger('error');
    s = await startTestServer({ provider, env: withCredentials(), logger: log.logger });
    await installedShop(s.db, 'fault-proxy.myshopify.com');
    await drop('Product');
    const query = signedProxyQuery(TEST_API_SECRET, { shop: 'fault-proxy.myshopify.com', placement: 'also_like', product_id: '1', path_prefix: '/apps/waymark' });
    const res = await fetch(`${s.url}/apps/waymark/recommendations?${query}`);
    expect(res.status).toBe(500);
    const { error } = await res.json();
    expect(error).toMatchObject({ code: 'internal', reference: expect.stringMatching(/^[0-9a-f]{8}$/) });
    expect(log.lines.filter((l) => l.reference === error.reference).map((l) => l.msg)).toEqual(['app proxy request failed']);
  });
});
