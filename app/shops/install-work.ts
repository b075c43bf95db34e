/**
 * The work that follows an install, run once per installation as the `install` job (the
 * same code on the local queue and on BullMQ workers): activate the web pixel with the
 * shop's key, then backfill the catalog and recent orders' baskets. The first training
 * follows as its own job (app/jobs/follow-ups.ts). Every step is idempotent, so a retry
 * after a failure (or a worker killed mid-way) repeats nothing harmful.
 */
import { readShopProfile, saveShopProfile } from './shop-profile';
import type { Db } from '../db/client';
import type { AdminApi } from '../admin-api/create-admin-api';
import { activatePixel } from './activate-pixel';
import { backfillOrders, backfillProducts } from '../catalog/backfill';
import { backfillReviewTexts } from '../catalog/reviews';

export interface InstallWorkDeps {
  db: Db;
  admin: AdminApi;
  /** Public base URL of the app: the pixel posts to `${appUrl}/ingest`. */
  appUrl: string;
  onProgress?: (fraction: number, message: string) => void;
}

export interface InstallWorkResult {
  pixel: 'created' | 'updated' | 'skipped';
  products: number;
  orders: number;
}

export async function runInstallWork(deps: InstallWorkDeps, shopId: number): Promise<InstallWorkResult> {
  const { db, admin } = deps;
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  if (shop.uninstalledAt) return { pixel: 'skipped', products: 0, orders: 0 };
  const graphql = admin.graphql(shop.domain);
  const pixel = await activatePixel(graphql, { ingestUrl: `${deps.appUrl}/ingest`, shopKey: shop.shopKey });
  await db.shop.update({ where: { id: shopId }, data: { pixelId: pixel.pixelId } });
  await saveShopProfile(db, shopId, await readShopProfile(graphql));
  deps.onProgress?.(0.2, 'web pixel activated');
  const products = await backfillProducts(db, shopId, graphql);
  deps.onProgress?.(0.5, `${products} products imported`);
  const reviews = await backfillReviewTexts(db, shopId, graphql);
  deps.onProgress?.(0.6, 'skipped' in reviews ? `review texts skipped: ${reviews.skipped}` : `${reviews.texts} review texts imported`);
  const orders = await backfillOrders(db, shopId, graphql);
  deps.onProgress?.(1, `${orders} past orders imported`);
  return { pixel: pixel.action, products, orders };
}

/**
 * Claims this installation's install work: true for exactly one caller per installation,
 * across processes (a conditional UPDATE; a re-install resets the claim in ensureShop).
 */
export async function claimInstallWork(db: Db, shopId: number): Promise<boolean> {
  const res = await db.shop.updateMany({ where: { id: shopId, setupStartedAt: null, uninstalledAt: null }, data: { setupStartedAt: new Date() } });
  return res.count === 1;
}
