import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTrainTestFiles, readSessionCsvFile } from '../../../../app/cli/session-csv-files';

describe('session CSV files', () => {
  it('reads a train and a test file, with clear errors for missing and empty files', () => {
    expect(() => readSessionCsvFile('/definitely/not/here.csv')).toThrow(/file not found/);
    const dir = mkdtempSync(join(tmpdir(), 'wm-csv-'));
    expect(() => readSessionCsvFile(dir)).toThrow(/not a file/);
    writeFileSync(join(dir, 'empty.csv'), '');
    expect(() => readSessionCsvFile(join(dir, 'empty.csv'))).toThrow(/empty file/);
    writeFileSync(join(dir, 'train.csv'), 'SessionId,ItemId,Time\n1,100,1\n1,200,2\n2,200,3\n2,100,4\n');
    writeFileSync(join(dir, 'test.csv'), 'SessionId,ItemId,Time\n9,100,5\n9,200,6\n8,999,7\n8,100,8\n');
    const tt = loadTrainTestFiles(join(dir, 'train.csv'), join(dir, 'test.csv'));
    expect(tt.stats.testSessions).toBe(1);
    expect(tt.stats.droppedUnseenEvents).toBe(1);
  });
});
