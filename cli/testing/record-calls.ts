// A call log over a service, for tests that check what the program asked for: every method called
// through the returned object is recorded, in order, with its arguments, then passed on. Calls the
// service makes to itself are not (replace's own status and addToken), as TemporalEaService's
// would not be either. A method a test assigns on it replaces the service's.
import type { EaService } from '../../client/ea-service.js';

export interface ServiceCall {
  method: string;
  args: unknown[];
}

export type Recorded<S extends EaService> = S & { readonly calls: ServiceCall[] };

export function recordCalls<S extends EaService>(service: S): Recorded<S> {
  const calls: ServiceCall[] = [];
  return new Proxy(service, {
    get(target, key) {
      if (key === 'calls') return calls;
      const value: unknown = Reflect.get(target, key);
      if (typeof key !== 'string' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push({ method: key, args });
        return Reflect.apply(value, target, args);
      };
    },
  }) as Recorded<S>;
}
