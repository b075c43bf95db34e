import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runJobCommand, runningCompiled } from '../../../../app/jobs/job-process';
import { REPO_ROOT, SERVER_DIST } from '../../../../app/paths';

describe('job process command', () => {
  it('tells source from the bundle by the module it runs in', () => {
    expect(runningCompiled(pathToFileURL(join(REPO_ROOT, 'app/jobs/job-process.ts')).href)).toBe(false);
    expect(runningCompiled(pathToFileURL(join(SERVER_DIST, 'chunks/chunk-ABC.js')).href)).toBe(true);
    // vitest runs this file from source
    expect(runningCompiled()).toBe(false);
  });

  it('runs the TypeScript entry through tsx from source', () => {
    const cmd = runJobCommand(['train', '7', '12'], { compiled: false, execPath: '/usr/bin/node' });
    expect(cmd).toEqual({ command: '/usr/bin/node', args: ['--import', 'tsx', join(REPO_ROOT, 'app/cli/run-job.ts'), 'train', '7', '12'] });
  });
});
