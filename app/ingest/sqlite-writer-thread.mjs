// The SQLite event writer's thread (started by app/ingest/sqlite-writer.ts). Plain JavaScript
// on purpose: a worker thread loads its file with Node's own loader, the same from the
// TypeScript sources (tsx, vitest) as from the compiled server, so it imports npm packages
// only. It owns the ingest connection: each message is one group commit, a flat array of
// column values for every caller's rows; it answers with each caller's count of new rows.
//
// Here, unlike on the serving thread, waiting for SQLite's write lock may block: the
// connection's busy_timeout makes a group wait up to SQLITE_LOCK_WAIT_MS while a job host
// holds the lock, and the web process's event loop keeps serving meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { path, pragmas, insertSql, width, lockWaitMs } = workerData;
const conn = new Database(path);
for (const pragma of pragmas) conn.exec(pragma);
conn.pragma(`busy_timeout = ${lockWaitMs}`);
const stmt = conn.prepare(insertSql);
const row = new Array(width);

/** values: every row's columns back to back; sizes: rows per caller, in order. */
const writeGroup = conn.transaction((values, sizes) => {
  const counts = [];
  let at = 0;
  for (const size of sizes) {
    let n = 0;
    for (let r = 0; r < size; r++, at += width) {
      for (let c = 0; c < width; c++) row[c] = values[at + c];
      n += stmt.run(row).changes;
    }
    counts.push(n);
  }
  return counts;
});

parentPort.on('message', (message) => {
  if (message.kind === 'close') {
    conn.close();
    parentPort.close();
    return;
  }
  const { id, values, sizes } = message;
  try {
    parentPort.postMessage({ id, counts: writeGroup(values, sizes) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: String(error?.message ?? error), code: error?.code } });
  }
});
