/** The database answers a trivial query (the health check's probe); rejects when it does not. */
import type { Db } from './client';

export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe('SELECT 1');
}
