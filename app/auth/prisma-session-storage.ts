/**
 * Shopify session storage on our own Prisma client (one client for the whole app,
 * either provider). Keeps only what an offline session needs: no user names or emails.
 * Expiring offline tokens also keep their refresh token and its expiry; the refresh lock
 * columns belong to app/admin-api/offline-tokens.ts and are never written here.
 */
import { Session } from '@shopify/shopify-api';
import type { SessionStorage } from '@shopify/shopify-app-session-storage';
import type { Db } from '../db/client';

type SessionRow = NonNullable<Awaited<ReturnType<Db['shopifySession']['findUnique']>>>;

/** The columns a Session maps to (everything but the refresh lock). */
export function sessionColumns(session: Session) {
  return {
    shop: session.shop,
    state: session.state ?? '',
    isOnline: session.isOnline,
    scope: session.scope ?? null,
    expires: session.expires ?? null,
    accessToken: session.accessToken ?? '',
    refreshToken: session.refreshToken ?? null,
    refreshTokenExpires: session.refreshTokenExpires ?? null,
    userId: session.onlineAccessInfo?.associated_user?.id ? BigInt(session.onlineAccessInfo.associated_user.id) : null,
  };
}

export function createPrismaSessionStorage(db: Db): SessionStorage {
  return {
    async storeSession(session: Session) {
      const data = sessionColumns(session);
      await db.shopifySession.upsert({ where: { id: session.id }, create: { id: session.id, ...data }, update: data });
      return true;
    },
    async loadSession(id: string) {
      const row = await db.shopifySession.findUnique({ where: { id } });
      return row ? sessionFromRow(row) : undefined;
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
      return rows.map(sessionFromRow);
    },
  };
}

export function sessionFromRow(row: SessionRow): Session {
  return new Session({
    id: row.id,
    shop: row.shop,
    state: row.state,
    isOnline: row.isOnline,
    scope: row.scope ?? undefined,
    expires: row.expires ?? undefined,
    accessToken: row.accessToken,
    refreshToken: row.refreshToken ?? undefined,
    refreshTokenExpires: row.refreshTokenExpires ?? undefined,
  });
}
