/** GET /healthz : the process serves and its database answers (500 otherwise, via the error handler). */
import { Router } from 'express';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { pingDatabase } from '../db/health';

export function createHealthRouter({ db, config }: { db: Db; config: Config }): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    await pingDatabase(db);
    res.json({ ok: true, mode: config.mode, database: config.database.provider });
  });
  return router;
}
