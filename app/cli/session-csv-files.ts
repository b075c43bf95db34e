/** Reads session-rec style CSV files (`SessionId,ItemId,Time`) for the eval CLI; the parsing is ml/data/csv.ts. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { buildTrainTest, SessionCsvError, sessionCsvRows, type CsvRow, type TrainTest } from '../../ml/data/csv';

/** Read and parse a CSV file; clear errors for a missing / empty / unreadable file. */
export function readSessionCsvFile(path: string): CsvRow[] {
  if (!existsSync(path)) throw new SessionCsvError(`file not found: ${path}`);
  if (!statSync(path).isFile()) throw new SessionCsvError(`not a file: ${path}`);
  return sessionCsvRows(readFileSync(path, 'utf8'), path);
}

/** A train and a test file as one split (test items mapped through the train index). */
export function loadTrainTestFiles(trainPath: string, testPath: string): TrainTest {
  return buildTrainTest(readSessionCsvFile(trainPath), readSessionCsvFile(testPath));
}
