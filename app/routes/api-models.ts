/**
 * /api/models : the shop's active model, its validation metrics against popularity,
 * the training history (with each version's champion/challenger decision), live progress
 * of a running training, retrain and cancel, and `POST /models/:version/activate`, which
 * puts an earlier or challenger version live (rollback) in one transaction.
 */
import { Router } from 'express';
import type { Db } from '../db/client';
import type { JobQueue } from '../jobs/queue';
import { currentShop } from '../auth/session-token';

function parse(json: string): Record<string, unknown> {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function createModelsRouter({ db, jobs }: { db: Db; jobs: JobQueue }): Router {
  const router = Router();

  router.get('/models', async (_req, res) => {
    const shop = currentShop(res);
    const [versions, running, lastJob] = await Promise.all([
      db.modelVersion.findMany({
        where: { shopId: shop.id },
        orderBy: { version: 'desc' },
        take: 20,
        select: { id: true, version: true, kind: true, status: true, metrics: true, baseline: true, note: true, createdAt: true, activatedAt: true },
      }),
      db.job.findFirst({ where: { shopId: shop.id, type: 'train', status: { in: ['queued', 'running'] } }, orderBy: { id: 'desc' } }),
      db.job.findFirst({ where: { shopId: shop.id, type: 'train' }, orderBy: { id: 'desc' } }),
    ]);
    const history = versions.map((v) => {
      const metrics = parse(v.metrics);
      const activation = (metrics.activation ?? null) as { status?: string; reason?: string } | null;
      return { ...v, metrics, baseline: parse(v.baseline), decision: activation?.reason ?? null, canActivate: v.status === 'retired' || v.status === 'challenger' };
    });
    res.json({
      active: history.find((v) => v.status === 'active') ?? null,
      history,
      training: running
        ? { jobId: running.id, status: running.status, progress: running.progress, message: running.message, startedAt: running.startedAt }
        : null,
      lastJob: lastJob ? { id: lastJob.id, status: lastJob.status, error: lastJob.error, finishedAt: lastJob.finishedAt } : null,
    });
  });

  router.post('/models/:version/activate', async (req, res) => {
    const shop = currentShop(res);
    const version = Number(req.params.version);
    if (!Number.isInteger(version) || version < 1) {
      res.status(400).json({ error: 'version: must be a positive integer', field: 'version' });
      return;
    }
    const outcome = await db.$transaction(async (tx) => {
      const row = await tx.modelVersion.findUnique({ where: { shopId_version: { shopId: shop.id, version } }, select: { id: true, status: true, artifact: true } });
      if (!row) return { status: 404, body: { error: `no version ${version}` } };
      if (row.status === 'active') return { status: 200, body: { active: version, changed: false } };
      if ((row.status !== 'retired' && row.status !== 'challenger') || !row.artifact) {
        return { status: 409, body: { error: `version ${version} is ${row.status} and cannot be activated` } };
      }
      await tx.modelVersion.updateMany({ where: { shopId: shop.id, status: 'active' }, data: { status: 'retired' } });
      await tx.modelVersion.update({ where: { id: row.id }, data: { status: 'active', activatedAt: new Date() } });
      return { status: 200, body: { active: version, changed: true } };
    });
    res.status(outcome.status).json(outcome.body);
  });

  router.post('/models/retrain', async (_req, res) => {
    const shop = currentShop(res);
    const r = await jobs.enqueue('train', shop.id);
    res.status(r.queued ? 202 : 409).json(r.queued ? { jobId: r.jobId } : { error: 'a training is already running', jobId: r.jobId });
  });

  router.post('/models/cancel', async (_req, res) => {
    const shop = currentShop(res);
    const cancelled = await jobs.cancel('train', shop.id);
    res.status(cancelled ? 200 : 404).json(cancelled ? { cancelled } : { cancelled, error: 'no training to cancel' });
  });

  return router;
}
