/**
 * Loader for session-rec style `SessionId,ItemId,Time` CSV files (the format of
 * `../shared/data/reference-splits/*.csv`).
 *
 * Semantics follow session-rec's loader and `evaluate_sessions`:
 * - rows are kept in file order (the files are sorted by SessionId then Time; AR/SR/STAN/VSTAN depend on it);
 * - a session's events keep the order of their rows;
 * - the item index is built from the TRAIN rows in order of first appearance
 *   (= pandas `train.ItemId.unique()`, session-rec's candidate order);
 * - test items unseen in train are dropped, then test sessions shorter than 2 events are dropped.
 *
 * Pure: it parses CSV text; reading the files is the caller's (app/cli/session-csv-files.ts).
 */
import { WaymarkError } from '../errors';
import type { Interaction, Session, SessionDataset } from './session-dataset';

export interface CsvRow {
  sessionId: string;
  itemId: string;
  time: number;
}

export class SessionCsvError extends WaymarkError {
  constructor(message: string) {
    super(message);
    this.name = 'SessionCsvError';
  }
}

const REQUIRED = ['SessionId', 'ItemId', 'Time'] as const;

/** Parse CSV text with a header containing SessionId, ItemId and Time (any column order, extra columns ignored). */
export function parseSessionCsv(text: string, source = '<string>'): CsvRow[] {
  const rows: CsvRow[] = [];
  let pos = 0;
  const len = text.length;
  // header
  let eol = text.indexOf('\n', pos);
  if (eol < 0) eol = len;
  const header = text.slice(pos, eol).replace(/\r$/, '').replace(/^\uFEFF/, '');
  pos = eol + 1;
  const delim = header.includes(',') ? ',' : header.includes('\t') ? '\t' : header.includes(';') ? ';' : ',';
  const cols = header.split(delim).map((c) => c.trim());
  const idx = REQUIRED.map((name) => cols.indexOf(name));
  const missing = REQUIRED.filter((_, i) => idx[i] < 0);
  if (missing.length > 0) {
    throw new SessionCsvError(
      `${source}: header must contain ${REQUIRED.join(', ')}; missing ${missing.join(', ')} (got "${header.slice(0, 120)}")`,
    );
  }
  const [si, ii, ti] = idx;
  const need = Math.max(si, ii, ti) + 1;
  let lineNo = 1;
  while (pos < len) {
    eol = text.indexOf('\n', pos);
    if (eol < 0) eol = len;
    lineNo++;
    let line = text.slice(pos, eol);
    pos = eol + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.length === 0) continue;
    const parts = line.split(delim);
    if (parts.length < need) {
      throw new SessionCsvError(`${source}:${lineNo}: expected at least ${need} fields, got ${parts.length}`);
    }
    const sessionId = parts[si].trim();
    const itemId = parts[ii].trim();
    const time = Number(parts[ti]);
    if (sessionId === '' || itemId === '' || !Number.isFinite(time)) {
      throw new SessionCsvError(`${source}:${lineNo}: bad row "${line.slice(0, 120)}"`);
    }
    rows.push({ sessionId, itemId, time });
  }
  return rows;
}

/** The rows of one CSV file's text; clear errors for an empty file or one without data rows. */
export function sessionCsvRows(text: string, source: string): CsvRow[] {
  if (text.trim().length === 0) throw new SessionCsvError(`empty file: ${source}`);
  const rows = parseSessionCsv(text, source);
  if (rows.length === 0) throw new SessionCsvError(`no data rows in ${source}`);
  return rows;
}

/** Group rows into sessions: sessions in order of first appearance, events in row order. */
function groupRows(rows: CsvRow[], mapItem: (itemId: string) => number): Session[] {
  const byId = new Map<string, Session>();
  const out: Session[] = [];
  for (const r of rows) {
    const item = mapItem(r.itemId);
    if (item < 0) continue;
    let s = byId.get(r.sessionId);
    if (!s) {
      s = { id: r.sessionId, events: [] };
      byId.set(r.sessionId, s);
      out.push(s);
    }
    const ev: Interaction = { item, time: r.time, kind: 'view' };
    s.events.push(ev);
  }
  return out;
}

/** Build a dataset from rows, assigning item indices in order of first appearance. */
export function datasetFromRows(rows: CsvRow[]): SessionDataset {
  const index = new Map<string, number>();
  const itemIds: string[] = [];
  const sessions = groupRows(rows, (id) => {
    let k = index.get(id);
    if (k === undefined) {
      k = itemIds.length;
      index.set(id, k);
      itemIds.push(id);
    }
    return k;
  });
  return { sessions, itemIds };
}

export interface TrainTest {
  train: SessionDataset;
  /** same `itemIds` array as train */
  test: SessionDataset;
  stats: {
    trainEvents: number;
    trainSessions: number;
    items: number;
    testEvents: number;
    testSessions: number;
    droppedUnseenEvents: number;
    droppedShortSessions: number;
    predictionEvents: number;
  };
}

/**
 * Map test rows through the train item index (drop unseen items, then sessions shorter than `minLength`).
 */
export function mapTestToTrain(train: SessionDataset, testRows: CsvRow[], minLength = 2) {
  const index = new Map<string, number>();
  train.itemIds.forEach((id, i) => index.set(id, i));
  let droppedUnseenEvents = 0;
  const grouped = groupRows(testRows, (id) => {
    const k = index.get(id);
    if (k === undefined) {
      droppedUnseenEvents++;
      return -1;
    }
    return k;
  });
  const sessions = grouped.filter((s) => s.events.length >= minLength);
  const test: SessionDataset = { sessions, itemIds: train.itemIds };
  return { test, droppedUnseenEvents, droppedShortSessions: grouped.length - sessions.length };
}

export function buildTrainTest(trainRows: CsvRow[], testRows: CsvRow[]): TrainTest {
  const train = datasetFromRows(trainRows);
  const { test, droppedUnseenEvents, droppedShortSessions } = mapTestToTrain(train, testRows);
  let testEvents = 0;
  let predictionEvents = 0;
  for (const s of test.sessions) {
    testEvents += s.events.length;
    predictionEvents += s.events.length - 1;
  }
  return {
    train,
    test,
    stats: {
      trainEvents: trainRows.length,
      trainSessions: train.sessions.length,
      items: train.itemIds.length,
      testEvents,
      testSessions: test.sessions.length,
      droppedUnseenEvents,
      droppedShortSessions,
      predictionEvents,
    },
  };
}

/** A train and a test split from the texts of their CSV files (`sources` name them in errors). */
export function trainTestFromCsv(trainText: string, testText: string, sources = { train: 'train', test: 'test' }): TrainTest {
  return buildTrainTest(sessionCsvRows(trainText, sources.train), sessionCsvRows(testText, sources.test));
}

/** Number of events in a dataset. */
export function countEvents(d: SessionDataset): number {
  let n = 0;
  for (const s of d.sessions) n += s.events.length;
  return n;
}
