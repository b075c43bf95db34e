import type { LineSource } from './lines';

/**
 * Minimal RFC-4180 line parser: one physical line (no embedded newlines, which
 * none of the supported datasets have), quoted fields with "" escapes.
 */
export function parseCsvLine(line: string, delimiter = ','): string[] {
  if (line.indexOf('"') === -1) return line.split(delimiter);
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** Guess the delimiter of a header/data line among tab, semicolon and comma. */
export function sniffDelimiter(line: string): string {
  const counts: Array<[string, number]> = [
    ['\t', line.split('\t').length],
    [';', line.split(';').length],
    [',', line.split(',').length],
  ];
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0][1] > 1 ? counts[0][0] : ',';
}

/** A CSV data row: its fields, the header's column indexes by name, and its line number (from 1) in the source. */
export interface CsvRow {
  fields: string[];
  col: Record<string, number>;
  lineNo: number;
}

/**
 * The data rows of a comma-separated source whose first non-blank line is its header (blank
 * lines skipped); throws when the header has no `required` column, naming `dataset`.
 */
export async function* csvRows(lines: LineSource, required: string, dataset: string): AsyncGenerator<CsvRow> {
  let col: Record<string, number> | undefined;
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (!line.trim()) continue;
    const fields = parseCsvLine(line);
    if (!col) {
      col = Object.fromEntries(fields.map((name, i) => [name.trim(), i]));
      if (col[required] === undefined) throw new Error(`${dataset}: header with ${required} expected`);
      continue;
    }
    yield { fields, col, lineNo };
  }
}
