// Update validators from the contract's parsers: bad input is rejected before it reaches history.
import { invalid } from '../contract/failures.js';
import type { ParseResult } from '../contract/payload-schemas.js';

export function validatorOf<T>(parser: (input: unknown) => ParseResult<T>, check?: (value: T) => void) {
  return {
    validator: (payload: unknown): void => {
      const parsed = parser(payload);
      if (!parsed.ok) throw invalid(parsed.message);
      check?.(parsed.value);
    },
  };
}
