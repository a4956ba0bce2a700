// Service failures become one status line; an EaError says what kind of failure it was.
import { EaError } from '../../client/ea-service.js';
import { printable } from '../../input/printable.js';

export function describeError(error: unknown): string {
  return printable(describe(error));
}

function describe(error: unknown): string {
  if (error instanceof EaError) {
    const fields = error.fields.map((f) => `${f.field}: ${f.message}`).join('; ');
    return `${error.code}: ${error.message}${fields && !error.message.includes(fields) ? ` (${fields})` : ''}`;
  }
  return error instanceof Error ? error.message : String(error);
}
