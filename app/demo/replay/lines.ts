/** Line-by-line streaming input for the replay converters (bounded memory). */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';

/** Lines of a text file (`.gz` is decompressed), without line endings. */
export async function* readLines(path: string): AsyncGenerator<string> {
  const raw = createReadStream(path);
  const input = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  const rl = createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
    raw.destroy();
  }
}

/** Lines of several files in order (e.g. the UCI monthly CSVs). `skipRepeatedHeader` drops line 1 of files after the first. */
export async function* readLinesOfFiles(paths: readonly string[], skipRepeatedHeader = true): AsyncGenerator<string> {
  for (let i = 0; i < paths.length; i++) {
    let first = true;
    for await (const line of readLines(paths[i])) {
      if (first && i > 0 && skipRepeatedHeader) {
        first = false;
        continue;
      }
      first = false;
      yield line;
    }
  }
}

export type LineSource = AsyncIterable<string> | Iterable<string>;
