// How far an import is, on standard error (stdout keeps the one result): on a terminal a bar redrawn
// in place (done/total, rate, ETA); under --json a JSON line now and then; otherwise a text line now
// and then. The lines come at the start, at most once an interval, and at the end.
import type { Writer } from '../output.js';

export interface ImportProgress {
  done: number;
  total: number;
  /** Rows per second since the first upsert (rows skipped while parsing excluded). */
  perSecond: number;
  /** Seconds until the rest is done at that rate; null before any row was upserted. */
  etaSeconds: number | null;
}

const TTY_REDRAW_MS = 100;
const JSON_LINE_MS = 1_000;
const TEXT_LINE_MS = 5_000;
const BAR_WIDTH = 30;

export class ProgressReporter {
  private readonly startedAt: number;
  private startDone: number | null = null;
  private lastAt = -Infinity;
  private latest: { done: number; total: number } | null = null;

  constructor(
    private readonly stream: Writer,
    private readonly json: boolean,
    /** `users` or `tokens`: what the lines count. */
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  private get tty(): boolean {
    return this.stream.isTTY === true && !this.json;
  }

  /** After every row (ImportOptions.onProgress). */
  readonly update = (done: number, total: number): void => {
    this.startDone ??= done;
    this.latest = { done, total };
    const interval = this.tty ? TTY_REDRAW_MS : this.json ? JSON_LINE_MS : TEXT_LINE_MS;
    if (this.now() - this.lastAt >= interval) this.write();
  };

  /** The last state, whatever the interval; ends the terminal's bar line. */
  finish(): void {
    if (!this.latest) return;
    this.write();
    if (this.tty) this.stream.write('\n');
  }

  progress(): ImportProgress {
    const { done, total } = this.latest ?? { done: 0, total: 0 };
    const seconds = (this.now() - this.startedAt) / 1000;
    const upserted = done - (this.startDone ?? done);
    const perSecond = seconds > 0 ? upserted / seconds : 0;
    return {
      done,
      total,
      perSecond: Math.round(perSecond * 10) / 10,
      etaSeconds: perSecond > 0 ? Math.ceil((total - done) / perSecond) : null,
    };
  }

  private write(): void {
    this.lastAt = this.now();
    const p = this.progress();
    if (this.json) this.stream.write(`${JSON.stringify({ progress: { what: this.what, ...p } })}\n`);
    else if (this.tty) this.stream.write(`\r${fit(bar(p, this.what), this.stream.columns)}\x1b[K`);
    else this.stream.write(`${line(p, this.what)}\n`);
  }
}

function line({ done, total, perSecond, etaSeconds }: ImportProgress, what: string): string {
  const eta = etaSeconds === null ? '' : done < total ? `, ETA ${duration(etaSeconds)}` : '';
  return `import: ${done}/${total} ${what}, ${perSecond}/s${eta}`;
}

function bar(p: ImportProgress, what: string): string {
  const filled = p.total ? Math.round((p.done / p.total) * BAR_WIDTH) : BAR_WIDTH;
  const percent = p.total ? Math.floor((p.done / p.total) * 100) : 100;
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ${percent}% ${line(p, what).slice('import: '.length)}`;
}

/** A redrawn line must not wrap, or `\r` redraws only its last part. */
function fit(text: string, columns: number | undefined): string {
  return columns && text.length >= columns ? text.slice(0, columns - 1) : text;
}

/** 75 → "1m15s", 3700 → "1h01m". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
