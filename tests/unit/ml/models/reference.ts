/** Test helpers: locate ../shared/data/reference-splits and parse RESULTS.md / *.ranks.csv. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const REF_DIR = resolve(repoRoot, '../shared/data/reference-splits');
export const HAVE_REF =
  existsSync(resolve(REF_DIR, 'RESULTS.md')) &&
  ['yoochoose-valid', 'diginetica-valid'].every((b) => existsSync(resolve(REF_DIR, `${b}.train.csv`)) && existsSync(resolve(REF_DIR, `${b}.test.csv`)));
export const SKIP_REASON = `reference splits not found at ${REF_DIR} (../shared/data is not part of the repository)`;
// CI has ../shared beside the clone and sets WAYMARK_TEST_DATA=1: there a missing folder fails.
if (!HAVE_REF && process.env.WAYMARK_TEST_DATA === '1') throw new Error(`WAYMARK_TEST_DATA=1 but ${SKIP_REASON}`);

export const MODEL_TO_REF: Record<string, string> = {
  pop: 'POP',
  ar: 'AR',
  sr: 'SR',
  sknn: 'SKNN',
  vsknn: 'V-SKNN',
  stan: 'STAN',
  vstan: 'VSTAN',
};

export interface RefRow {
  hr: number;
  mrr: number;
  hrStable?: number;
  mrrStable?: number;
  hrPess?: number;
  mrrPess?: number;
  hrOpt?: number;
  mrrOpt?: number;
}

/** Parse the two tables of section "## A:" (yoochoose) or "## C:" (diginetica) of RESULTS.md. */
export function parseResults(section: 'A' | 'C'): Record<string, RefRow> {
  const md = readFileSync(resolve(REF_DIR, 'RESULTS.md'), 'utf8');
  const start = md.indexOf(`## ${section}:`);
  if (start < 0) throw new Error(`RESULTS.md has no section ${section}`);
  const next = md.indexOf('\n## ', start + 5);
  const body = md.slice(start, next < 0 ? undefined : next);
  const out: Record<string, RefRow> = {};
  const tables: string[][][] = [];
  let cur: string[][] | null = null;
  for (const line of body.split('\n')) {
    if (line.startsWith('|')) {
      const cells = line.split('|').slice(1, -1).map((c) => c.trim());
      if (!cur) {
        cur = [];
        tables.push(cur);
      }
      if (!/^-+$/.test(cells[0])) cur.push(cells);
    } else cur = null;
  }
  const [main, ties] = tables;
  for (const r of main.slice(1)) out[r[0]] = { hr: Number(r[1]), mrr: Number(r[2]) };
  if (ties) {
    for (const r of ties.slice(1)) {
      const o = out[r[0]];
      if (!o) continue;
      [o.hrStable, o.mrrStable, o.hrPess, o.mrrPess, o.hrOpt, o.mrrOpt] = r.slice(1, 7).map(Number);
    }
  }
  return out;
}

export interface RefRanks {
  header: string[];
  rows: number[][];
  col(name: string): number[];
}

export function readRanks(base: string): RefRanks {
  const lines = readFileSync(resolve(REF_DIR, `${base}.ranks.csv`), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  return {
    header,
    rows,
    col(name: string) {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`no column ${name} in ${base}.ranks.csv`);
      return rows.map((r) => r[i]);
    },
  };
}
