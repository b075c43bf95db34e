/**
 * The messages between the local queue (app/jobs/job-host.ts) and a job host process
 * (`run-job --host`, app/jobs/job-host-child.ts) over Node's IPC channel. One job at a time
 * per host: every message is about the job in hand.
 */
import type { JobData } from './handlers';
import type { ErrorCause } from './job-error';
import type { FollowUp } from './follow-ups';

export type ToHost =
  /** run this job; the host answers `done` or `failed` */
  | { kind: 'run'; data: JobData }
  /** abort the job in hand (its signal fires); the host still answers for it */
  | { kind: 'abort' };

export type FromHost =
  /** the host has started (config read, database migrated and open) and takes jobs */
  | { kind: 'ready' }
  /** the job succeeded; the jobs that follow it, decided by the host (app/jobs/follow-ups.ts) */
  | { kind: 'done'; followUps: FollowUp[] }
  /** the job threw: its root cause, and the full text (stack and causes) for the Job row */
  | { kind: 'failed'; cause: ErrorCause; detail: string };

/** The argument that starts run-job as a host instead of running one job. */
export const JOB_HOST_FLAG = '--host';
