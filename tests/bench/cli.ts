/**
 * `npm run bench -- [--only a,b] [--json] [--no-write]`: runs the benchmarks, prints a table
 * each, and records the figures with the machine and date in docs/BENCHMARKS.md (each
 * benchmark's section is replaced by its newest run). With --json the last stdout line is
 * one JSON object keyed by benchmark name.
 */
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { REPO_ROOT } from '../../app/server';
import { BENCHMARKS } from './registry';

const args = parseArgs({
  options: {
    only: { type: 'string' },
    json: { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
  },
});

function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function section(name: string, body: string): string {
  return `<!-- bench:${name}:start -->\n${body.trim()}\n<!-- bench:${name}:end -->`;
}

function record(name: string, markdown: string) {
  const path = join(REPO_ROOT, 'docs/BENCHMARKS.md');
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench`. Each section is replaced by its newest run.\n';
  const block = section(name, markdown);
  const re = new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*?<!-- bench:${name}:end -->`);
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, doc);
}

async function main() {
  if (args.values.list) {
    for (const b of BENCHMARKS) console.log(`${b.name.padEnd(24)} ${b.description}`);
    return;
  }
  const wanted = args.values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted?.filter((w) => !BENCHMARKS.some((b) => b.name === w)) ?? [];
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const chosen = wanted ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  const results: Record<string, unknown> = {};
  const when = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  for (const b of chosen) {
    console.error(`\n▶ ${b.name}: ${b.description}`);
    const t0 = performance.now();
    const out = await b.run((m) => console.error(`  ${m}`));
    const seconds = (performance.now() - t0) / 1000;
    results[b.name] = out.figures;
    console.error(out.markdown);
    if (!args.values['no-write']) {
      record(b.name, `## ${b.title}\n\n_${when} · ${machine()} · ${seconds.toFixed(0)} s_\n\n${out.markdown}`);
    }
  }
  if (!args.values['no-write']) console.error('\nRecorded in docs/BENCHMARKS.md');
  if (args.values.json) console.log(JSON.stringify(results));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
