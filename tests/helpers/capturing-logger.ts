/** A real pino logger (app/logger.ts) whose JSON lines are kept, parsed, for tests that read what was logged. */
import { PassThrough } from 'node:stream';
import { createLogger } from '../../app/logger';

export function capturingLogger(level = 'info') {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  let buf = '';
  stream.on('data', (d) => {
    buf += String(d);
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, nl)) as Record<string, unknown>);
      buf = buf.slice(nl + 1);
    }
  });
  return { logger: createLogger(level, stream), lines };
}
