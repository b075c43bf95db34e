/**
 * The one Admin API client for jobs, webhooks, backfill and pixel activation. Each call
 * takes a fresh offline token (refreshed before expiry); a 401 from Shopify refreshes
 * once and retries; a second 401 marks the shop "needs re-authentication".
 */
import type { Session } from '@shopify/shopify-api';
import { shopifyHttpStatus } from './http-status';
import type { ShopifyApp } from '../shopify';
import { ReauthRequiredError } from '../errors';
import type { OfflineTokens } from './offline-tokens';

/** One GraphQL call: the query and its variables in, `{data, errors}` out. */
export type GraphqlFn = (query: string, variables?: Record<string, unknown>) => Promise<{ data?: any; errors?: unknown }>;

const isUnauthorized = (error: unknown) => shopifyHttpStatus(error) === 401;

export function createAdminGraphql({ shopify, tokens }: { shopify: ShopifyApp; tokens: OfflineTokens }) {
  async function request(session: Session, query: string, variables?: Record<string, unknown>) {
    const client = new shopify.api.clients.Graphql({ session });
    const res = await client.request(query, { variables });
    return { data: res.data, errors: res.errors };
  }

  /** The GraphqlFn for one shop. */
  return function adminGraphql(shop: string): GraphqlFn {
    return async (query, variables) => {
      const session = await tokens.freshSession(shop);
      try {
        return await request(session, query, variables);
      } catch (error) {
        if (!isUnauthorized(error)) throw error;
        const renewed = await tokens.freshSession(shop, { rejectedAccessToken: session.accessToken });
        try {
          return await request(renewed, query, variables);
        } catch (again) {
          if (!isUnauthorized(again)) throw again;
          const reason = 'Shopify refused a freshly refreshed token (401)';
          await tokens.markNeedsReauth(shop, reason);
          throw new ReauthRequiredError(shop, reason);
        }
      }
    };
  };
}

export type AdminGraphql = ReturnType<typeof createAdminGraphql>;
