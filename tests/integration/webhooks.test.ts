import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook, startTestServer, withCredentials, type TestServer } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { ensureShop } from '../../app/shops/shops';

describe.each(PROVIDERS_UNDER_TEST)('webhooks on %s', (provider) => {
  let s: TestServer;
  const shop = 'hooks.myshopify.com';
  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    await ensureShop(s.db, shop);
  });
  afterAll(() => s.close());

  it('rejects an invalid HMAC with 401 and changes nothing', async () => {
    const forged = await postWebhook(s.url, 'app/uninstalled', shop, { id: 1 }, { secret: 'wrong' });
    expect(forged.status).toBe(401);
    const tampered = await postWebhook(s.url, 'app/uninstalled', shop, { id: 1 }, { tamper: true });
    expect(tampered.status).toBe(401);
    const row = await s.db.shop.findUnique({ where: { domain: shop } });
    expect(row?.uninstalledAt).toBeNull();
  });

  it('rejects a webhook with no HMAC header', async () => {
    const res = await fetch(`${s.url}/webhooks/app/uninstalled`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });

  it('app/uninstalled stops the shop and is idempotent', async () => {
    await s.db.shopifySession.create({
      data: { id: `offline_${shop}`, shop, state: 's', accessToken: 'tok', isOnline: false },
    });
    const first = await postWebhook(s.url, 'app/uninstalled', shop, { id: 1, domain: shop });
    expect(first.status).toBe(200);
    const row = await s.db.shop.findUnique({ where: { domain: shop } });
    expect(row?.uninstalledAt).toBeInstanceOf(Date);
    expect(await s.db.shopifySession.count({ where: { shop } })).toBe(0);
    const second = await postWebhook(s.url, 'app/uninstalled', shop, { id: 1, domain: shop });
    expect(second.status).toBe(200);
    const again = await s.db.shop.findUnique({ where: { domain: shop } });
    expect(again?.uninstalledAt?.getTime()).toBe(row?.uninstalledAt?.getTime());
  });

  it('products/update upserts the catalog row; products/delete removes it', async () => {
    await ensureShop(s.db, shop);
    const product = {
      id: 7001,
      handle: 'linen-shirt',
      title: 'Linen shirt',
      product_type: 'Shirts',
      vendor: 'Acme',
      tags: 'linen, summer',
      status: 'active',
      variants: [{ price: '49.00', inventory_quantity: 3, inventory_management: 'shopify' }],
    };
    expect((await postWebhook(s.url, 'products/update', shop, product, { path: '/webhooks/products' })).status).toBe(200);
    const id = (await s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).id;
    const row = await s.db.product.findUnique({ where: { shopId_productId: { shopId: id, productId: '7001' } } });
    expect(row).toMatchObject({ title: 'Linen shirt', price: 49, available: true, status: 'ACTIVE' });
    expect((await postWebhook(s.url, 'products/delete', shop, { id: 7001 }, { path: '/webhooks/products' })).status).toBe(200);
    expect(await s.db.product.count({ where: { shopId: id } })).toBe(0);
  });
});
