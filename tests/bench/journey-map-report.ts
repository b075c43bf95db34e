/** The journey-map benchmark's section of docs/BENCHMARKS.md, from its figures (tests/bench/journey-map-bench.ts). */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BenchReport } from './journey-map-bench';

function table(headers: string[], rows: (string | number)[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function journeyMapMarkdown(r: BenchReport, loads: number): string {
  const kb = (b: number) => `${(b / 1024).toFixed(0)} KiB`;
  const range = (s: { medianMs: number; minMs: number; maxMs: number }) => `**${s.medianMs}** (${s.minMs}–${s.maxMs})`;
  const built = Number.isFinite(r.seconds.insert)
    ? `Build times: insert ${r.seconds.insert.toFixed(0)} s, sessionize ${r.seconds.sessionize.toFixed(0)} s, roll-up ${r.seconds.rollup.toFixed(0)} s, incremental roll-up ${r.seconds.incrementalRollup.toFixed(0)} s.`
    : 'The database was reused from an earlier run (WAYMARK_BENCH_MAP_DB).';
  const parts = [
    '### API (in-process, median of 7 after a warm-up)',
    '',
    table(
      ['query', 'median ms', 'max ms'],
      Object.entries(r.queries).map(([q, v]) => [q, v.medianMs, v.maxMs]),
    ),
    '',
    `${r.events.toLocaleString('en-US')} events, ${r.journeys.toLocaleString('en-US')} journeys on ${r.provider} (simulated to end on the day of the run, like a live store's); queries over ${r.range.from} to ${r.range.to}, the admin page's default view. ${built} ` +
      'Goal: < 300 ms per query.',
  ];
  if (r.page?.length) {
    const last = r.page[r.page.length - 1];
    parts.push(
      '',
      '### Admin page first render (headless Chromium, real server)',
      '',
      table(
        ['web build', 'loads', 'first render ms', 'content frame ms', 'headline ms', 'FCP ms', 'scripts loaded ms', 'API request → answer ms', 'long tasks ms'],
        r.page.flatMap((p) =>
          (['cold', 'warm', 'reload', 'busy'] as const).filter((k) => p[k]).map((k) => {
            const x = p[k];
            const med = (f: (l: (typeof x.loads)[number]) => number) => [...x.loads.map(f)].sort((a, b) => a - b)[Math.floor(x.loads.length / 2)];
            return [p.label, k, range(x.firstRender), x.content.medianMs, x.headline.medianMs, x.fcp.medianMs, x.scriptsEnd.medianMs, `${med((l) => l.apiStartMs)} → ${x.apiEnd.medianMs}`, x.longTaskMs.medianMs];
          }),
        ),
      ),
      '',
      table(
        ['web build', 'JS before first render', 'CSS before first render', 'all JS'],
        r.page.map((p) => [
          p.label,
          `${kb(p.bundle.firstRenderJs.bytes)} (${kb(p.bundle.firstRenderJs.gzipBytes)} gzip), ${p.bundle.firstRenderJs.files.length} files`,
          `${kb(p.bundle.firstRenderCss.bytes)} (${kb(p.bundle.firstRenderCss.gzipBytes)} gzip)`,
          `${kb(p.bundle.totalJs.bytes)} (${kb(p.bundle.totalJs.gzipBytes)} gzip)`,
        ]),
      ),
      '',
      `Median (min–max) of ${loads} loads each, in ms from navigation start. ` +
        '**First render** = navigation start (the page\'s `performance.timeOrigin`) → the first animation frame after the one in which both the headline numbers ' +
        '(`[data-testid=headline-sessions]` showing its number) and the flow chart (the Sankey SVG with its nodes and links) are laid out with a non-zero size; ' +
        'a `requestAnimationFrame` probe installed before any page script checks this every frame, so the figure includes the HTML, script download and compilation, the API answer, React\'s commit, layout and paint. ' +
        '"Content frame" is the start of the frame that painted them (a lower bound); "headline" is the same measure as first render for the headline numbers alone. ' +
        '**cold**: a fresh browser context per load (empty HTTP cache, no V8 code cache). **warm**: one context, loaded once, then opened again (assets from the HTTP cache, as for a merchant coming back); ' +
        'the API requests carry `Cache-Control: no-cache` (added through the DevTools protocol), so the server answers them each time. ' +
        '**reload**: the same context reloaded within a minute, when the analytics API\'s own `Cache-Control: private, max-age=60` lets the browser reuse its answer too. ' +
        '**busy**: cold loads back to back, each closed 300 ms after its first render, so the next starts while the server (one process, synchronous SQLite) still answers the previous page\'s later requests (cards below the fold, setup checklist), as when other merchants use it. ' +
        `The page is \`${last.url}\` (the landing page: the last 30 days, comparison on) at 1280×900, served by \`app/cli/serve.ts\` in local mode (dev shop, SQLite, no compression) over loopback; ` +
        'an untimed load and five repeats of its API requests warm the server up first, and (except busy) each load waits for the page\'s network to go idle before the next. Chromium and the server share this machine\'s 2 cores ' +
        `(load average per core during the loads: ${r.page.map((p) => `${p.label} ${p.loadPerCore.join(' → ')}`).join('; ')}). Goal: < 2,000 ms.`,
      '',
      `Bundle (${last.label}): all JS ${kb(last.bundle.totalJs.bytes)} (${kb(last.bundle.totalJs.gzipBytes)} gzip). Files (raw / gzip -6):`,
      '',
      table(
        ['file', 'KiB', 'gzip KiB', 'before first render'],
        last.bundle.files
          .filter((f) => !f.file.endsWith('.html'))
          .map((f) => [f.file.replace(/-[\w-]{8}\.(js|css)$/, '.$1'), (f.bytes / 1024).toFixed(1), (f.gzipBytes / 1024).toFixed(1), last.cold.loads[0].assets.includes(f.file) ? 'yes' : '']),
      ),
    );
  }
  return parts.join('\n');
}

/** Re-renders the section from a saved `npm run bench -- --only journey-map --json` line: `npx tsx tests/bench/journey-map-report.ts figures.json [loads]`. */
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const text = readFileSync(process.argv[2], 'utf8').trim().split('\n').at(-1)!;
  const parsed = JSON.parse(text) as BenchReport | { 'journey-map': BenchReport };
  const report = 'journey-map' in parsed ? parsed['journey-map'] : parsed;
  console.log(journeyMapMarkdown(report, Number(process.argv[3] ?? 5)));
}
