// What a command prints. With --json: exactly one JSON document on stdout (or JSON lines for streams)
// and nothing else; errors are {"error":{code,message}} on stdout with the message on stderr too.
// Without it: short human text on stdout, errors on stderr with what to do next; the text from
// outside in either has its control characters made visible (input/printable.ts).
import { printable, printableDeep } from '../input/printable.js';
import type { Failure } from './failure.js';

export interface Writer {
  write(chunk: string): unknown;
  /** A terminal's stream (a progress bar may redraw in place), and its width. */
  isTTY?: boolean;
  columns?: number;
}

export interface Streams {
  stdout: Writer;
  stderr: Writer;
}

export class Output {
  constructor(
    private readonly streams: Streams,
    readonly json: boolean,
  ) {}

  /** The result of a command, or one item of a stream (one JSON line each). */
  result<T>(value: T, human: (value: T) => string): void {
    this.streams.stdout.write(this.json ? `${JSON.stringify(value)}\n` : ensureNewline(human(printableDeep(value))));
  }

  /**
   * A progress line, rewritten in place on a terminal's stderr and shown nowhere else: stdout keeps
   * only the result, so --json stays one document. Null ends the line.
   */
  progress(line: string | null): void {
    if (!this.streams.stderr.isTTY) return;
    if (line === null) {
      if (this.progressShown) this.streams.stderr.write('\n');
      this.progressShown = false;
      return;
    }
    // A redrawn line must not wrap, or `\r` redraws only its last part.
    const { columns } = this.streams.stderr;
    const text = printable(line);
    this.streams.stderr.write(`\r\x1b[K${columns && text.length >= columns ? text.slice(0, columns - 1) : text}`);
    this.progressShown = true;
  }

  private progressShown = false;

  failure(failure: Failure): void {
    const fields = failure.fields.map((f) => `  ${printable(f.field)}: ${printable(f.message)}\n`).join('');
    if (this.json) {
      const error = {
        code: failure.code,
        message: failure.message,
        ...(failure.fields.length ? { fields: failure.fields } : {}),
      };
      this.streams.stdout.write(`${JSON.stringify({ error })}\n`);
      this.streams.stderr.write(`ea: ${printable(failure.message)}\n${fields}`);
      return;
    }
    this.streams.stderr.write(`ea: ${printable(failure.message)}\n${fields}${failure.hint ? `${failure.hint}\n` : ''}`);
  }
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
