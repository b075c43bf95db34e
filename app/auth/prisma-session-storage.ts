/**
 * Shopify session storage on our own Prisma client (one client for the whole app,
 * either provider). Keeps only what an offline session needs: no user names or emails.
 */
import { Session } from '@shopify/shopify-api';
import type { SessionStorage } from '@shopify/shopify-app-session-storage';
import type { Db } from '../db/client';

export function createPrismaSessionStorage(db: Db): SessionStorage {
  return {
    async storeSession(session: Session) {
      const data = {
        shop: session.shop,
        state: session.state ?? '',
        isOnline: session.isOnline,
        scope: session.scope ?? null,
        expires: session.expires ?? null,
        accessToken: session.accessToken ?? '',
        userId: session.onlineAccessInfo?.associated_user?.id
          ? BigInt(session.onlineAccessInfo.associated_user.id)
          : null,
      };
      await db.shopifySession.upsert({ where: { id: session.id }, create: { id: session.id, ...data }, update: data });
      return true;
    },
    async loadSession(id: string) {
      const row = await db.shopifySession.findUnique({ where: { id } });
      return row ? toSession(row) : undefined;
    },
    async deleteSession(id: string) {
      await db.shopifySession.deleteMany({ where: { id } });
      return true;
    },
    async deleteSessions(ids: string[]) {
      await db.shopifySession.deleteMany({ where: { id: { in: ids } } });
      return true;
    },
    async findSessionsByShop(shop: string) {
      const rows = await db.shopifySession.findMany({ where: { shop } });
      return rows.map(toSession);
    },
  };
}

function toSession(row: {
  id: string;
  shop: string;
  state: string;
  isOnline: boolean;
  scope: string | null;
  expires: Date | null;
  accessToken: string;
}): Session {
  return new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    scope: row.scope ?? undefined,
    expires: row.expires ?? undefined,
    accessToken: row.accessToken,
  });
}
