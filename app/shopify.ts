/**
 * The one configured Shopify app instance (OAuth, session tokens, webhooks, app proxy
 * signatures). Built once in the composition root and passed to the routes.
 */
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, LogSeverity, type Session } from '@shopify/shopify-api';
import { shopifyApp, type ShopifyApp } from '@shopify/shopify-app-express';
import type { Config } from './config';
import type { Db } from './db/client';
import type { Logger } from './logger';
import { createPrismaSessionStorage } from './auth/prisma-session-storage';

/** The Admin API version Waymark is written and tested against. */
export const API_VERSION = ApiVersion.October26;

export interface CreateShopifyOptions {
  config: Config;
  db: Db;
  logger: Logger;
  /** Called after OAuth completes for a shop (install or re-install), with the stored offline session. */
  afterAuth?: (session: Session) => Promise<void>;
}

export function createShopify({ config, db, logger, afterAuth }: CreateShopifyOptions): ShopifyApp {
  const url = new URL(config.appUrl);
  return shopifyApp({
    api: {
      apiKey: config.shopify.apiKey,
      apiSecretKey: config.shopify.apiSecret,
      scopes: config.shopify.scopes,
      hostName: url.host,
      hostScheme: url.protocol === 'http:' ? 'http' : 'https',
      apiVersion: API_VERSION,
      isEmbeddedApp: true,
      logger: {
        level: LogSeverity.Warning,
        log: async (severity, message) => {
          if (severity <= LogSeverity.Error) logger.error({ shopify: true }, message);
          else logger.warn({ shopify: true }, message);
        },
      },
    },
    auth: { path: '/auth', callbackPath: '/auth/callback' },
    webhooks: { path: '/webhooks' },
    sessionStorage: createPrismaSessionStorage(db),
    useOnlineTokens: false,
    // Offline tokens expire (about an hour) and come with a rotating refresh token: Shopify
    // rejects non-expiring offline tokens of public apps from 1 January 2027.
    future: { expiringOfflineAccessTokens: true },
    hooks: afterAuth ? { afterAuth: async ({ session }) => afterAuth(session) } : undefined,
  });
}

export type { ShopifyApp };
