// The service as the dashboard sees it: every answer with the control characters of its text made
// visible (input/printable.ts), so names, actors and reasons from outside never reach the terminal
// as escape sequences. Serials and ids, which the dashboard sends back, have none to change.
import type { EaService } from '../client/ea-service.js';
import { printableDeep } from '../input/printable.js';

export function printableService(service: EaService): EaService {
  return new Proxy(service, {
    get(target, name, receiver) {
      const member: unknown = Reflect.get(target, name, receiver);
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        const answer: unknown = member.apply(target, args);
        return answer instanceof Promise ? answer.then(printableDeep) : answer;
      };
    },
  });
}
