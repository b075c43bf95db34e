/**
 * Replays a public dataset file through a running Waymark server's POST /ingest.
 *
 *   npm run replay -- --format rees46 --file data/2019-Oct.csv --url http://127.0.0.1:3000 --shop-key K
 *
 * --format rees46|yoochoose|sessionrec|diginetica|otto|uci
 * --file PATH (repeatable, or comma-separated; read in order)
 * --limit N (rows / sessions / invoices, format-specific), --time-shift SEC,
 * --batch-size 50, --concurrency 4, --dry-run (JSON lines to stdout).
 */
import { parseArgs } from 'node:util';
import { REPLAY_FORMATS, replayFiles, type ReplayFormat } from '../replay';
import { postEventsWithProgress, writeJsonLines } from './event-output';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      format: { type: 'string' },
      file: { type: 'string', multiple: true },
      url: { type: 'string' },
      'shop-key': { type: 'string' },
      limit: { type: 'string' },
      'time-shift': { type: 'string' },
      'batch-size': { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '4' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const format = values.format as ReplayFormat | undefined;
  const files = (values.file ?? []).flatMap((f) => f.split(',')).filter(Boolean);
  if (values.help || !format || !files.length) {
    process.stderr.write(`usage: npm run replay -- --format ${REPLAY_FORMATS.join('|')} --file PATH [--file PATH…] (--url URL --shop-key KEY | --dry-run) [--limit N] [--time-shift SEC] [--batch-size 50] [--concurrency 4]\n`);
    if (!values.help) process.exitCode = 2;
    return;
  }
  if (!REPLAY_FORMATS.includes(format)) throw new Error(`unknown --format ${format}`);
  const events = replayFiles(format, files, {
    limit: values.limit === undefined ? undefined : Number(values.limit),
    timeShiftSec: values['time-shift'] === undefined ? undefined : Number(values['time-shift']),
  });

  if (values['dry-run']) {
    await writeJsonLines(events);
    return;
  }
  if (!values.url || !values['shop-key']) throw new Error('--url and --shop-key are required (or --dry-run)');
  await postEventsWithProgress(
    { baseUrl: values.url, shopKey: values['shop-key'], events, batchSize: Number(values['batch-size']), concurrency: Number(values.concurrency) },
    `replay ${format}`,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
