/**
 * Where the simulate and replay CLIs send their events: JSON lines on stdout (--dry-run), or a
 * running server's POST /ingest with a progress line and a report of the result on stderr.
 */
import { ingestProgressNote, postEvents, reportIngestResult, type PostEventsOptions } from './ingest-client';
import { createProgress } from './progress';

/** Writes each value as a line of JSON on stdout, waiting while the pipe is full; a closed pipe ends the process quietly. */
export async function writeJsonLines(values: AsyncIterable<unknown> | Iterable<unknown>): Promise<void> {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  let n = 0;
  for await (const value of values) {
    if (!process.stdout.write(`${JSON.stringify(value)}\n`)) await new Promise((r) => process.stdout.once('drain', r));
    n++;
  }
  process.stderr.write(`${n} events\n`);
}

/** postEvents with a progress line (`label`, out of `total` events when known), then the result's report. */
export async function postEventsWithProgress(options: Omit<PostEventsOptions, 'onProgress'>, label: string, total?: number): Promise<void> {
  const progress = createProgress({ label, total, unit: 'events' });
  const result = await postEvents({ ...options, onProgress: (p) => progress.update(p.sent + p.failed, ingestProgressNote(p)) });
  progress.done();
  reportIngestResult(result);
}
