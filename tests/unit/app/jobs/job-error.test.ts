import { describe, expect, it } from 'vitest';
import { ChildJobError, childFailureLine, errorDetail, errorSummary, parseChildFailure, rootCause } from '../../../../app/jobs/job-error';

class ConfigError extends Error {
  override name = 'ConfigError';
}

describe('job errors', () => {
  it('summarizes the root cause of a cause chain, first line of its message only', () => {
    const root = new ConfigError('Production mode needs credentials\n  - SHOPIFY_API_KEY\n  - HOST');
    const outer = new Error('sessionize failed', { cause: new Error('startup failed', { cause: root }) });
    expect(rootCause(outer)).toEqual({ name: 'ConfigError', message: root.message });
    expect(errorSummary(outer)).toBe('ConfigError: Production mode needs credentials');
    expect(errorSummary('plain string')).toBe('Error: plain string');
  });

  it('the full detail keeps every stack down the chain', () => {
    const outer = new Error('outer', { cause: new TypeError('inner') });
    const detail = errorDetail(outer);
    expect(detail).toMatch(/^Error: outer\n\s+at /);
    expect(detail).toMatch(/\ncaused by: TypeError: inner\n\s+at /);
  });

  it('a child failure line round-trips through stderr noise, the last one winning', () => {
    const stderr = `warning: something\n${childFailureLine(new Error('first'))}stack...\n${childFailureLine(new ConfigError('multi\nline'))}`;
    expect(parseChildFailure(stderr)).toEqual({ name: 'ConfigError', message: 'multi\nline' });
    expect(parseChildFailure('no marker here')).toBeUndefined();
    expect(parseChildFailure('waymark-job-failure {not json')).toBeUndefined();
  });

  it('a child process error is summarized by the child\'s cause, or by its exit when it reported none', () => {
    const reported = new ChildJobError(1, null, { name: 'ConfigError', message: 'needs HOST' }, 'ConfigError: needs HOST\n    at loadConfig');
    expect(errorSummary(reported)).toBe('ConfigError: needs HOST');
    expect(errorDetail(reported)).toBe('ChildJobError: ConfigError: needs HOST (exit 1)\nchild stderr (tail):\nConfigError: needs HOST\n    at loadConfig');
    const killed = new ChildJobError(null, 'SIGKILL', undefined, '');
    expect(errorSummary(killed)).toBe('ChildJobError: job process exited with SIGKILL');
    expect(errorDetail(killed)).toBe('ChildJobError: job process exited with SIGKILL (exit SIGKILL)\nchild stderr: (empty)');
  });
});
