/**
 * Expiring offline tokens against the Shopify stand-in: refresh before expiry and on 401,
 * one refresher per shop however many processes ask at once (each createOfflineTokens is
 * one process's keeper: its own lease owner and in-process single flight), migration of
 * non-expiring tokens, and a refused refresh that keeps the old tokens and marks the shop.
 */
import { describe, expect, it } from 'vitest';
import { postWebhook } from '../helpers/server';
import { PROVIDERS_UNDER_TEST } from '../helpers/providers';
import { useStandInServer } from '../helpers/stand-in-server';
import { createLogger } from '../../app/logger';
import { createOfflineTokens } from '../../app/admin-api/offline-tokens';
import { createAdminGraphql } from '../../app/admin-api/admin-graphql';
import { ReauthRequiredError } from '../../app/errors';

describe.each(PROVIDERS_UNDER_TEST)('expiring offline tokens on %s', (provider) => {
  const ctx = useStandInServer(provider);
  let n = 0;
  const logger = createLogger('silent');
  const keeper = () => createOfflineTokens({ shopify: ctx.s.server.shopify, db: ctx.s.db, logger });
  const session = (shop: string) => ctx.s.db.shopifySession.findUniqueOrThrow({ where: { id: `offline_${shop}` } });
  const refreshes = (shop: string) => ctx.standIn.tokenRequests(shop).filter((r) => r.grantType === 'refresh_token');

  /** Installs a new shop through the real /api path and returns its domain. */
  async function installedShop(): Promise<string> {
    const shop = `tokens-${provider}-${++n}-${Date.now().toString(36)}.myshopify.com`;
    const res = await fetch(`${ctx.s.url}/api/shop`, { headers: { authorization: `Bearer ${ctx.standIn.sessionToken(shop)}` } });
    expect(res.status).toBe(200);
    return shop;
  }

  it('a token that expires within the margin is refreshed first, and the rotated pair is stored', async () => {
    const shop = await installedShop();
    const before = await session(shop);
    await ctx.s.db.shopifySession.update({ where: { id: before.id }, data: { expires: new Date(Date.now() + 60_000) } });
    const fresh = await keeper().freshSession(shop);
    const after = await session(shop);
    expect(refreshes(shop)).toHaveLength(1);
    expect(fresh.accessToken).toBe(after.accessToken);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.refreshLockOwner).toBeNull();
    expect(after.expires!.getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
    // A good token is used as it is.
    await keeper().freshSession(shop);
    expect(refreshes(shop)).toHaveLength(1);
  });

  it('a 401 from the Admin API refreshes once and the call succeeds', async () => {
    const shop = await installedShop();
    ctx.standIn.expireTokens(shop);
    const graphql = createAdminGraphql({ shopify: ctx.s.server.shopify, tokens: keeper() })(shop);
    const res = await graphql('query WaymarkProducts { products(first: 1) { pageInfo { hasNextPage endCursor } nodes { id } } }');
    expect(res).toBeDefined();
    const calls = ctx.standIn.graphqlRequests(shop);
    expect(calls.map((c) => c.status)).toEqual([401, 200]);
    expect(refreshes(shop)).toHaveLength(1);
  });

  it('many processes asking at once: exactly one refresh, everyone gets the new token', async () => {
    const shop = await installedShop();
    await ctx.s.db.shopifySession.update({ where: { id: `offline_${shop}` }, data: { expires: new Date(Date.now() + 1_000) } });
    const processes = Array.from({ length: 6 }, () => keeper());
    const sessions = await Promise.all(processes.flatMap((k) => [k.freshSession(shop), k.freshSession(shop), k.freshSession(shop)]));
    expect(refreshes(shop)).toHaveLength(1);
    const stored = await session(shop);
    expect(new Set(sessions.map((x) => x.accessToken))).toEqual(new Set([stored.accessToken]));
    expect(stored.refreshLockOwner).toBeNull();
  });

  it('a crashed refresher\'s lease lapses and another process refreshes', async () => {
    const shop = await installedShop();
    await ctx.s.db.shopifySession.update({
      where: { id: `offline_${shop}` },
      data: { expires: new Date(Date.now() + 1_000), refreshLockOwner: 'dead-process', refreshLockedUntil: new Date(Date.now() + 300) },
    });
    const fresh = await keeper().freshSession(shop);
    expect(refreshes(shop)).toHaveLength(1);
    expect((await session(shop)).accessToken).toBe(fresh.accessToken);
  });

  it('a non-expiring token is migrated to an expiring pair on first use', async () => {
    const shop = await installedShop();
    const legacy = ctx.standIn.issueNonExpiringToken(shop);
    await ctx.s.db.shopifySession.update({ where: { id: `offline_${shop}` }, data: { accessToken: legacy, expires: null, refreshToken: null, refreshTokenExpires: null } });
    ctx.standIn.configure({ rejectNonExpiring: true });
    try {
      const graphql = createAdminGraphql({ shopify: ctx.s.server.shopify, tokens: keeper() })(shop);
      await graphql('query WaymarkProducts { products(first: 1) { pageInfo { hasNextPage endCursor } nodes { id } } }');
      expect(ctx.standIn.tokenRequests(shop).at(-1)?.outcome).toBe('migrated');
      const stored = await session(shop);
      expect(stored.expires).toBeInstanceOf(Date);
      expect(stored.refreshToken).toMatch(/^shprt_/);
      expect(ctx.standIn.graphqlRequests(shop).every((r) => r.accessToken !== legacy)).toBe(true);
    } finally {
      ctx.standIn.configure({ rejectNonExpiring: false });
    }
  });

  it('a refused refresh keeps the stored tokens, marks the shop, and the next session token repairs it', async () => {
    const shop = await installedShop();
    await ctx.s.db.shopifySession.update({ where: { id: `offline_${shop}` }, data: { expires: new Date(Date.now() + 1_000) } });
    const before = await session(shop);
    ctx.standIn.revokeTokens(shop);
    await expect(keeper().freshSession(shop)).rejects.toBeInstanceOf(ReauthRequiredError);
    const after = await session(shop);
    expect({ ...after, refreshLockedUntil: null, refreshLockOwner: null }).toEqual({ ...before, refreshLockedUntil: null, refreshLockOwner: null });
    expect(after.refreshLockOwner).toBeNull();
    const marked = await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } });
    expect(marked.needsReauthAt).toBeInstanceOf(Date);
    expect(marked.reauthReason).toMatch(/refused/);

    // The admin page sees it...
    // (served from the stored flag; opening the app exchanges a new token and clears it)
    const res = await fetch(`${ctx.s.url}/api/shop`, { headers: { authorization: `Bearer ${ctx.standIn.sessionToken(shop)}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).needsReauth).toBeNull();
    expect((await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).needsReauthAt).toBeNull();
    await expect(keeper().freshSession(shop)).resolves.toBeDefined();
  });

  it('a 5xx during refresh releases the lease and keeps the tokens; the shop is not marked', async () => {
    const shop = await installedShop();
    await ctx.s.db.shopifySession.update({ where: { id: `offline_${shop}` }, data: { expires: new Date(Date.now() + 1_000) } });
    const before = await session(shop);
    ctx.standIn.failNext(shop, { endpoint: 'token', status: 502 });
    await expect(keeper().freshSession(shop)).rejects.not.toBeInstanceOf(ReauthRequiredError);
    const after = await session(shop);
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.refreshLockOwner).toBeNull();
    expect((await ctx.s.db.shop.findUniqueOrThrow({ where: { domain: shop } })).needsReauthAt).toBeNull();
  });

  it('app/scopes_update records the granted scopes on the offline session', async () => {
    const shop = await installedShop();
    const res = await postWebhook(ctx.s.url, 'app/scopes_update', shop, { id: 1, previous: ['read_products'], current: ['read_products', 'read_orders'], updated_at: new Date().toISOString() });
    expect(res.status).toBe(200);
    expect((await session(shop)).scope).toBe('read_products,read_orders');
    const bad = await postWebhook(ctx.s.url, 'app/scopes_update', shop, { current: 'all' });
    expect(bad.status).toBe(400);
  });
});
