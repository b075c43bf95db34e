/** Shop rows: created on install, marked on uninstall, found by domain; and their type, ShopRow. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/client';

export type ShopRow = NonNullable<Awaited<ReturnType<Db['shop']['findUnique']>>>;

function newShopKey(): string {
  return `wm_${randomBytes(12).toString('base64url')}`;
}

/** Creates the shop on first install, or re-activates it on re-install. Idempotent. */
export async function ensureShop(db: Db, domain: string): Promise<ShopRow> {
  const existing = await db.shop.findUnique({ where: { domain } });
  if (existing) {
    if (!existing.uninstalledAt) return existing;
    return db.shop.update({ where: { id: existing.id }, data: { uninstalledAt: null, installedAt: new Date(), setupStartedAt: null } });
  }
  try {
    return await db.shop.create({
      data: { domain, shopKey: newShopKey(), salt: randomBytes(32).toString('hex') },
    });
  } catch (error) {
    // Two installs racing: the other one created it.
    const again = await db.shop.findUnique({ where: { domain } });
    if (again) return again;
    throw error;
  }
}

/**
 * app/uninstalled: stop collection at once (the ingest path refuses shops with
 * `uninstalledAt` set) and drop the access tokens. Idempotent: a second delivery
 * finds nothing left to change. Data is kept until shop/redact (48 h later) deletes it.
 */
export async function markUninstalled(db: Db, domain: string, triggeredAt?: Date): Promise<{ changed: boolean; staleTrigger?: boolean }> {
  // An uninstall triggered before the latest install is a replay (or a very late delivery): it changes nothing.
  const where = { domain, uninstalledAt: null, ...(triggeredAt ? { installedAt: { lte: triggeredAt } } : {}) };
  const res = await db.shop.updateMany({ where, data: { uninstalledAt: new Date() } });
  if (res.count === 0 && triggeredAt) {
    const shop = await db.shop.findUnique({ where: { domain }, select: { installedAt: true, uninstalledAt: true } });
    if (shop && !shop.uninstalledAt && shop.installedAt > triggeredAt) return { changed: false, staleTrigger: true };
  }
  await db.shopifySession.deleteMany({ where: { shop: domain } });
  return { changed: res.count > 0 };
}

export async function findInstalledShop(db: Db, domain: string): Promise<ShopRow | null> {
  const shop = await db.shop.findUnique({ where: { domain } });
  return shop && !shop.uninstalledAt ? shop : null;
}
