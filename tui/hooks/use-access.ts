// The dashboard's own principal in the registry: read at start and again every `refreshMs`, so a
// revocation or a change of roles shows. A failed read changes nothing (at first: the name alone,
// nothing withheld) and is not reported: the workflows still refuse what the roles do not allow.
import { useEffect, useState } from 'react';
import type { EaService } from '../../client/ea-service.js';
import { accessOf, sameAccess, UNKNOWN_ACCESS, type Access } from '../state/access.js';

export function useAccess(service: EaService, principal: string, refreshMs: number): Access {
  const [access, setAccess] = useState<Access>(UNKNOWN_ACCESS);
  useEffect(() => {
    let live = true;
    let timer: NodeJS.Timeout | undefined;
    const read = async () => {
      try {
        const next = accessOf(await service.principals(), principal);
        // The same access keeps its object: React then skips the render.
        if (live) setAccess((current) => (sameAccess(current, next) ? current : next));
      } catch {
        // Not read: what was known stays.
      }
      if (live) timer = setTimeout(read, refreshMs);
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [service, principal, refreshMs]);
  return access;
}
