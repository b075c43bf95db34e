/**
 * The Admin API as every process uses it: the offline tokens (kept fresh, one refresher
 * per shop across processes) and the GraphQL client on top of them. Web processes build it
 * in the composition root; workers and job children build their own from the same config.
 */
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Logger } from '../logger';
import { createShopify, type ShopifyApp } from '../shopify';
import { createOfflineTokens, type OfflineTokensOptions } from './offline-tokens';
import { createAdminGraphql } from './admin-graphql';

export function createAdminApi(opts: {
  config: Config;
  db: Db;
  logger: Logger;
  /** The app's Shopify instance when the caller already has one (the web process). */
  shopify?: ShopifyApp;
  tokenOptions?: Pick<OfflineTokensOptions, 'refreshMarginMs' | 'leaseMs'>;
}) {
  const shopify = opts.shopify ?? createShopify({ config: opts.config, db: opts.db, logger: opts.logger });
  const tokens = createOfflineTokens({ shopify, db: opts.db, logger: opts.logger, ...opts.tokenOptions });
  return { shopify, tokens, graphql: createAdminGraphql({ shopify, tokens }) };
}

export type AdminApi = ReturnType<typeof createAdminApi>;
