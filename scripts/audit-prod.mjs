#!/usr/bin/env node
/**
 * `npm run audit:prod`: npm audit of the production dependency tree, failing on a high or
 * critical finding. Says clearly when the registry's advisory endpoint cannot be reached
 * (it answers 405 from this project's build machine: docs/SECURITY.md), instead of passing.
 */
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8' });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = null;
}
if (!report || report.error || !report.metadata) {
  const why = report?.message ?? report?.error?.summary ?? 'no JSON answer from npm audit';
  console.error(`npm audit could not run: ${why}`);
  console.error('The advisory endpoint of the configured registry is unreachable; the audit is NOT done. See docs/SECURITY.md.');
  process.exit(2);
}
const v = report.metadata.vulnerabilities;
console.log(`production dependencies: ${report.metadata.dependencies?.prod ?? '?'}; findings: ` +
  `critical ${v.critical}, high ${v.high}, moderate ${v.moderate}, low ${v.low}`);
for (const [name, f] of Object.entries(report.vulnerabilities ?? {})) {
  if (f.severity === 'high' || f.severity === 'critical') console.log(`  ${f.severity}: ${name} ${f.range} (fix: ${f.fixAvailable ? 'available' : 'none'})`);
}
process.exit(v.high + v.critical > 0 ? 1 : 0);
