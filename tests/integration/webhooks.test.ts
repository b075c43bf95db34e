import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualQueue, postWebhook, startTestServer, TEST_API_SECRET, withCredentials, type TestServer } from '../helpers/server';
import { sendWebhook, type WebhookDeliveryInput } from '../helpers/shopify-stand-in/webhooks';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { ensureShop } from '../../app/shops/shop-rows';

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
    const shop = 'uninstalling.myshopify.com'; // its own shop: the other tests' shop stays installed
    await ensureShop(s.db, shop);
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
    await s.db.productReview.create({ data: { shopId: id, productId: '7001', rating: 4, ratingCount: 2, texts: '[{"rating":4,"text":"Soft linen"}]' } });
    expect((await postWebhook(s.url, 'products/delete', shop, { id: 7001 }, { path: '/webhooks/products' })).status).toBe(200);
    expect(await s.db.product.count({ where: { shopId: id } })).toBe(0);
    expect(await s.db.productReview.count({ where: { shopId: id } })).toBe(0); // its reviews go with it
  });
});

/**
 * The signed body, not the unsigned X-Shopify-Shop-Domain header, says which shop a
 * webhook is about; each delivery acts at most once; an uninstall triggered before the
 * latest install is a replay. Deliveries as Shopify makes them (tests/helpers/shopify-stand-in).
 */
describe.each(PROVIDERS_UNDER_TEST)('webhook integrity on %s', (provider) => {
  let s: TestServer;
  const victim = 'victim-store.myshopify.com';
  const attacker = 'attacker-store.myshopify.com';
  const deliver = (input: Omit<WebhookDeliveryInput, 'url'> & { path?: string }) =>
    sendWebhook({ ...input, url: `${s.url}${input.path ?? `/webhooks/${input.topic}`}` }, TEST_API_SECRET, '2026-10');
  let victimId: number;

  beforeAll(async () => {
    s = await startTestServer({ provider, env: withCredentials() });
    await ensureShop(s.db, attacker);
    victimId = (await ensureShop(s.db, victim)).id;
    await s.db.event.createMany({
      data: [1, 2, 3].map((i) => ({ shopId: victimId, eventId: `v${i}`, name: 'checkout_completed', ts: new Date(), clientHash: 'vh', orderId: `90${i}` })),
    });
    await s.db.shopifySession.create({ data: { id: `offline_${victim}`, shop: victim, state: 's', accessToken: 'tok', isOnline: false } });
  });
  afterAll(() => s.close());

  const queued = () => (s.server.jobs as ReturnType<typeof createManualQueue>).enqueued;

  it.each([
    ['shop/redact', { shop_id: 1, shop_domain: attacker }],
    ['customers/redact', { shop_domain: attacker, customer: { id: 1 }, orders_to_redact: [901, 902, 903] }],
    ['customers/data_request', { shop_domain: attacker, customer: { id: 1 }, orders_requested: [901] }],
    ['app/uninstalled', { id: 1, name: 'Attacker', domain: 'attacker.example', myshopify_domain: attacker }],
  ])('%s signed for one shop but sent with another shop\'s header is refused, counted, and changes nothing', async (topic, body) => {
    const before = s.server.metrics.snapshot().webhook_shop_mismatch ?? 0;
    const jobsBefore = queued().length;
    const exportsBefore = await s.db.dataExport.count();
    const redactionsBefore = await s.db.redactionRequest.count();
    const res = await deliver({ topic, shop: attacker, headerShop: victim, body, path: topic.includes('/redact') || topic.includes('data_request') ? '/webhooks/compliance' : undefined });
    expect(res.status).toBe(400);
    expect(s.server.metrics.snapshot().webhook_shop_mismatch).toBe(before + 1);
    const shop = await s.db.shop.findUniqueOrThrow({ where: { domain: victim } });
    expect(shop.uninstalledAt).toBeNull();
    expect(await s.db.event.count({ where: { shopId: victimId } })).toBe(3);
    expect(await s.db.shopifySession.count({ where: { shop: victim } })).toBe(1);
    expect(await s.db.dataExport.count()).toBe(exportsBefore);
    expect(await s.db.redactionRequest.count()).toBe(redactionsBefore);
    expect(queued().length).toBe(jobsBefore);
    expect(await s.db.webhookDelivery.count({ where: { webhookId: res.webhookId } })).toBe(0);
  });

  it('app/uninstalled with no shop in its body is refused', async () => {
    const res = await deliver({ topic: 'app/uninstalled', shop: victim, body: { id: 1, domain: 'www.victim.example' } });
    expect(res.status).toBe(400);
    expect((await s.db.shop.findUniqueOrThrow({ where: { domain: victim } })).uninstalledAt).toBeNull();
  });

  it('processes a delivery once: a redelivery with the same webhook id changes nothing', async () => {
    const body = { shop_domain: victim, customer: { id: 5 }, orders_requested: [901] };
    const first = await deliver({ topic: 'customers/data_request', shop: victim, body, webhookId: 'dup-1', path: '/webhooks/compliance' });
    expect(first.status).toBe(200);
    const again = await deliver({ topic: 'customers/data_request', shop: victim, body, webhookId: 'dup-1', path: '/webhooks/compliance' });
    expect(again.status).toBe(200);
    expect(JSON.parse(again.responseBody)).toMatchObject({ duplicate: true });
    expect(await s.db.dataExport.count({ where: { shopId: victimId, customerId: '5' } })).toBe(1);
  });

  it('concurrent copies of one delivery act once', async () => {
    const body = { shop_domain: victim, customer: { id: 6 }, orders_requested: [902] };
    const results = await Promise.all(
      Array.from({ length: 6 }, () => deliver({ topic: 'customers/data_request', shop: victim, body, webhookId: 'dup-concurrent', path: '/webhooks/compliance' })),
    );
    for (const r of results) expect([200, 409]).toContain(r.status);
    expect(await s.db.dataExport.count({ where: { shopId: victimId, customerId: '6' } })).toBe(1);
  });

  it('app/uninstalled replayed after a re-install changes nothing (same id, or a new id with the old trigger time)', async () => {
    const shop = 'reinstaller.myshopify.com';
    await ensureShop(s.db, shop);
    const body = { id: 9, domain: 'reinstaller.example', myshopify_domain: shop };
    const triggeredAt = new Date(Date.now() + 1000).toISOString();
    const first = await deliver({ topic: 'app/uninstalled', shop, body, webhookId: 'uninstall-1', triggeredAt });
    expect(first.status).toBe(200);
    expect((await s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 1100));
    await ensureShop(s.db, shop); // the merchant installs again
    await s.db.shopifySession.create({ data: { id: `offline_${shop}`, shop, state: 's', accessToken: 'new-tok', isOnline: false } });
    const replay = await deliver({ topic: 'app/uninstalled', shop, body, webhookId: 'uninstall-1', triggeredAt });
    expect(replay.status).toBe(200);
    const renamed = await deliver({ topic: 'app/uninstalled', shop, body, webhookId: 'uninstall-1-replayed', triggeredAt });
    expect(renamed.status).toBe(200);
    const row = await s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(row.uninstalledAt).toBeNull();
    expect(await s.db.shopifySession.count({ where: { shop } })).toBe(1);
    expect(s.server.metrics.snapshot().webhook_stale_uninstall).toBeGreaterThanOrEqual(1);
    // A real uninstall after the re-install still works.
    const later = await deliver({ topic: 'app/uninstalled', shop, body, webhookId: 'uninstall-2' });
    expect(later.status).toBe(200);
    expect((await s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).uninstalledAt).toBeInstanceOf(Date);
  });

  it('shop/redact for an installed shop (a replay) changes nothing and queues nothing', async () => {
    await s.db.shopifySession.upsert({
      where: { id: `offline_${victim}` },
      create: { id: `offline_${victim}`, shop: victim, state: '', isOnline: false, accessToken: 'shpat_victim' },
      update: {},
    });
    const jobsBefore = queued().length;
    const redactionsBefore = await s.db.redactionRequest.count();
    const res = await deliver({ topic: 'shop/redact', shop: victim, body: { shop_id: 2, shop_domain: victim }, path: '/webhooks/compliance' });
    expect(res.status).toBe(200);
    expect(await s.db.redactionRequest.count()).toBe(redactionsBefore);
    expect(queued().length).toBe(jobsBefore);
    expect(await s.db.shop.count({ where: { domain: victim } })).toBe(1);
    expect(await s.db.shopifySession.count({ where: { shop: victim } })).toBe(1); // its tokens too
  });
});

describe.each(PROVIDERS_UNDER_TEST)('webhook retry after a failure on %s', (provider) => {
  it('a handler failure releases the delivery, so Shopify\'s retry runs', async () => {
    let fail = true;
    const manual = createManualQueue();
    const jobs = {
      ...manual,
      async enqueue(type: Parameters<typeof manual.enqueue>[0], shopId: number) {
        if (fail) throw new Error('queue down');
        return manual.enqueue(type, shopId);
      },
    };
    const s = await startTestServer({ provider, env: withCredentials(), jobs });
    try {
      const shop = 'flaky.myshopify.com';
      const id = (await ensureShop(s.db, shop)).id;
      const input = {
        url: `${s.url}/webhooks/compliance`,
        topic: 'customers/redact',
        shop,
        body: { shop_domain: shop, customer: { id: 3 }, orders_to_redact: [1] },
        webhookId: 'retry-me',
      };
      expect((await sendWebhook(input, TEST_API_SECRET, '2026-10')).status).toBe(500);
      expect(await s.db.webhookDelivery.count({ where: { webhookId: 'retry-me' } })).toBe(0);
      fail = false;
      expect((await sendWebhook(input, TEST_API_SECRET, '2026-10')).status).toBe(200);
      expect(manual.enqueued).toEqual([{ type: 'redact', shopId: id }]);
      expect(await s.db.webhookDelivery.findUnique({ where: { webhookId: 'retry-me' } })).toMatchObject({ handledAt: expect.any(Date) });
    } finally {
      await s.close();
    }
  });
});
