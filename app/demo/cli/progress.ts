/**
 * Tiny dependency-free progress reporter for CLIs. On a TTY it redraws one line on
 * stderr (bar, count, rate, ETA); otherwise it prints a plain line every few seconds.
 */
export interface ProgressOptions {
  label?: string;
  total?: number;
  /** Shown after counts, e.g. 'events'. */
  unit?: string;
  stream?: NodeJS.WriteStream;
  /** Non-TTY: seconds between lines (default 5). */
  lineEverySec?: number;
}

export interface Progress {
  update(done: number, note?: string): void;
  /** Final line (keeps the last count). */
  finish(note?: string): void;
  /** Alias of finish(). */
  done(note?: string): void;
}

/** A step heading on stderr: `» message` (plain, for logs and TTYs alike). */
export function step(message: string, stream: NodeJS.WriteStream = process.stderr): void {
  stream.write(`» ${message}\n`);
}

export function formatDuration(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '--:--';
  const s = Math.round(sec);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

export function formatCount(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e4) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

export function createProgress(options: ProgressOptions = {}): Progress {
  const stream = options.stream ?? process.stderr;
  const tty = Boolean(stream.isTTY);
  const label = options.label ? `${options.label} ` : '';
  const unit = options.unit ? ` ${options.unit}` : '';
  const started = Date.now();
  let lastDraw = 0;
  let lastDone = 0;
  let lastNote = '';

  const render = (done: number, note: string): string => {
    const elapsed = (Date.now() - started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const total = options.total;
    const parts: string[] = [];
    if (total && total > 0) {
      const frac = Math.min(1, done / total);
      if (tty) {
        const width = 24;
        const fill = Math.round(frac * width);
        parts.push(`[${'#'.repeat(fill)}${'-'.repeat(width - fill)}]`);
      }
      parts.push(`${formatCount(done)}/${formatCount(total)}${unit} (${(frac * 100).toFixed(1)}%)`);
      parts.push(`${formatCount(rate)}${unit}/s`);
      parts.push(`ETA ${rate > 0 ? formatDuration((total - done) / rate) : '--:--'}`);
    } else {
      parts.push(`${formatCount(done)}${unit}`, `${formatCount(rate)}${unit}/s`, `elapsed ${formatDuration(elapsed)}`);
    }
    if (note) parts.push(note);
    return `${label}${parts.join('  ')}`;
  };

  const finish = (note?: string) => {
    const line = render(lastDone, note ?? lastNote);
    stream.write(tty ? `\r${line}\x1b[K\n` : `${line}\n`);
  };
  return {
    finish,
    done: finish,
    update(done, note = '') {
      lastDone = done;
      lastNote = note;
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        const line = render(done, note);
        const cols = stream.columns || 120;
        stream.write(`\r${line.slice(0, cols - 1)}\x1b[K`);
      } else if (now - lastDraw >= (options.lineEverySec ?? 5) * 1000) {
        lastDraw = now;
        stream.write(`${render(done, note)}\n`);
      }
    },
  };
}
