/**
 * How the local queue launches a job in its own process (app/cli/run-job.ts).
 *
 * From source (tsx, vitest) the child is `node --import tsx app/cli/run-job.ts`; from the
 * compiled server (dist/server/*.js, `npm run build:server`) it is plain
 * `node dist/server/run-job.js`, so production never needs tsx. Which one is decided by what
 * this module was loaded as: a .ts file, or part of a .js bundle.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SERVER_DIST } from '../paths';
import { WaymarkError } from '../errors';

export interface JobProcessCommand {
  command: string;
  args: string[];
}

export class JobProcessError extends WaymarkError {
  override name = 'JobProcessError';
}

/** True when this code runs from the esbuild bundle rather than from TypeScript source. */
export function runningCompiled(moduleUrl = import.meta.url): boolean {
  return !/\.[cm]?tsx?$/.test(new URL(moduleUrl).pathname);
}

/**
 * The command that runs `run-job <type> <shopId> [jobId]` in a child process with this
 * process's node binary.
 */
export function runJobCommand(
  jobArgs: readonly string[],
  opts: { compiled?: boolean; execPath?: string } = {},
): JobProcessCommand {
  const compiled = opts.compiled ?? runningCompiled();
  const command = opts.execPath ?? process.execPath;
  if (compiled) {
    const script = join(SERVER_DIST, 'run-job.js');
    if (!existsSync(script)) throw new JobProcessError(`${script} is missing: run \`npm run build:server\` (part of \`npm run build\`)`);
    return { command, args: ['--enable-source-maps', script, ...jobArgs] };
  }
  return { command, args: ['--import', 'tsx', join(REPO_ROOT, 'app', 'cli', 'run-job.ts'), ...jobArgs] };
}
