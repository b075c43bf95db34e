/**
 * The shop's recommendation models as the admin shows them: the active one, the training
 * history (each version's champion/challenger decision) and the training job running now;
 * and the rollback: an earlier or challenger version put live in one transaction.
 */
import type { Db } from '../db/client';
import { fail, ok, type Result } from '../problem';
import type { ModelActivateAnswer, ModelsAnswer } from '../api-contract/models';

function parse(json: string): Record<string, unknown> {
  try {
    return JSON.parse(json) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

const versionFields = { id: true, version: true, kind: true, status: true, metrics: true, baseline: true, note: true, createdAt: true, activatedAt: true } as const;

export async function modelsOverview(db: Db, shopId: number): Promise<ModelsAnswer> {
  const [versions, running, lastJob] = await Promise.all([
    db.modelVersion.findMany({ where: { shopId }, orderBy: { version: 'desc' }, take: 20, select: versionFields }),
    db.job.findFirst({ where: { shopId, type: 'train', status: { in: ['queued', 'running'] } }, orderBy: { id: 'desc' } }),
    db.job.findFirst({ where: { shopId, type: 'train' }, orderBy: { id: 'desc' } }),
  ]);
  const history = versions.map((v) => {
    const metrics = parse(v.metrics);
    const activation = (metrics.activation ?? null) as { status?: string; reason?: string } | null;
    return {
      ...v,
      metrics,
      baseline: parse(v.baseline),
      createdAt: v.createdAt.toISOString(),
      activatedAt: iso(v.activatedAt),
      decision: activation?.reason ?? null,
      canActivate: v.status === 'retired' || v.status === 'challenger',
    };
  });
  return {
    active: history.find((v) => v.status === 'active') ?? null,
    history,
    training: running
      ? { jobId: running.id, status: running.status, progress: running.progress, message: running.message, startedAt: iso(running.startedAt) }
      : null,
    lastJob: lastJob ? { id: lastJob.id, status: lastJob.status, error: lastJob.error, finishedAt: iso(lastJob.finishedAt) } : null,
  };
}

/** Puts `version` live and retires the active one; a version already active changes nothing. */
export async function activateVersion(db: Db, shopId: number, version: number): Promise<Result<ModelActivateAnswer>> {
  return db.$transaction(async (tx) => {
    const row = await tx.modelVersion.findUnique({ where: { shopId_version: { shopId, version } }, select: { id: true, status: true, artifact: true } });
    if (!row) return fail('not_found', `no version ${version}`);
    if (row.status === 'active') return ok({ active: version, changed: false });
    if ((row.status !== 'retired' && row.status !== 'challenger') || !row.artifact) {
      return fail('conflict', `version ${version} is ${row.status} and cannot be activated`);
    }
    await tx.modelVersion.updateMany({ where: { shopId, status: 'active' }, data: { status: 'retired' } });
    await tx.modelVersion.update({ where: { id: row.id }, data: { status: 'active', activatedAt: new Date() } });
    return ok({ active: version, changed: true });
  });
}
