/**
 * Model row types and the Prisma namespace, for either provider.
 *
 * They are taken from the SQLite client for the same reason as `Db` (./client.ts): both
 * clients are generated from one schema without provider-specific types, so the shapes
 * are identical. Both clients also share the runtime (@prisma/client/runtime), so
 * `Prisma.PrismaClientKnownRequestError` matches errors from either.
 */
export type {
  ShopifySession,
  Shop,
  Event,
  Journey,
  Product,
  ModelVersion,
  Job,
} from '../generated/sqlite/client';
export { Prisma } from '../generated/sqlite/client';

/** True for a unique-constraint violation (Prisma P2002), e.g. a duplicate (shopId, eventId). */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'P2002';
}
