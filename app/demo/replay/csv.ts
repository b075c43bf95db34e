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
