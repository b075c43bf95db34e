/**
 * Streams simulated shopper events to a running Waymark server, as real pixels would.
 *
 *   npm run simulate -- --url http://127.0.0.1:3000 --shop-key K --events 100000 --seed 1
 *
 * Options: --events N | --sessions N, --seed S, --days D, --start ISO-date,
 * --products N, --batch-size 20, --concurrency 4,
 * --catalog-out FILE (write the simulated catalog's Product rows as JSON),
 * --dry-run (write compact events as JSON lines to stdout instead of posting).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { catalogProductRows, simulate, simulateJourneyEvents, simulatorCatalogs } from '../simulator';
import { postEventsWithProgress, writeJsonLines } from './event-output';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'shop-key': { type: 'string' },
      events: { type: 'string' },
      sessions: { type: 'string' },
      seed: { type: 'string', default: '1' },
      days: { type: 'string', default: '30' },
      start: { type: 'string' },
      products: { type: 'string' },
      'batch-size': { type: 'string', default: '20' },
      concurrency: { type: 'string', default: '4' },
      'catalog-out': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stderr.write('usage: npm run simulate -- --url http://127.0.0.1:3000 --shop-key KEY [--events 100000 | --sessions N] [--seed 1] [--days 30] [--start 2026-01-01] [--products 240] [--batch-size 20] [--concurrency 4] [--catalog-out file.json] [--dry-run]\n');
    return;
  }
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  const seedRaw = values.seed ?? '1';
  const seed = /^\d+$/.test(seedRaw) ? Number(seedRaw) : seedRaw;
  const events = num(values.events) ?? (values.sessions ? undefined : 100_000);
  const opts = { seed, events, sessions: num(values.sessions), days: num(values.days), startDate: values.start, products: num(values.products) };

  if (values['catalog-out']) {
    const [catalog] = simulatorCatalogs(opts);
    writeFileSync(values['catalog-out'], JSON.stringify(catalogProductRows(catalog), null, 2));
    process.stderr.write(`catalog: ${catalog.products.length} products → ${values['catalog-out']}\n`);
  }

  if (values['dry-run']) {
    await writeJsonLines(simulateJourneyEvents(opts));
    return;
  }
  if (!values.url || !values['shop-key']) throw new Error('--url and --shop-key are required (or --dry-run)');
  await postEventsWithProgress(
    {
      baseUrl: values.url,
      shopKey: values['shop-key'],
      events: (function* () {
        for (const e of simulate(opts)) yield { event: e.event, userAgent: e.userAgent };
      })(),
      perClient: true,
      batchSize: Number(values['batch-size']),
      concurrency: Number(values.concurrency),
    },
    'simulate',
    events,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
