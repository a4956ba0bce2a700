// Progress goes to stderr, so `--json` leaves exactly one document on stdout.
export function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
