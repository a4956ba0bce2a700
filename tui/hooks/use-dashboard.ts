// What every screen needs from the frame around it: the service, who it acts as (the principal
// whose key signs its requests) and what its roles allow, the clock, how often to poll, and the
// status line to report to.
import { createContext, useContext } from 'react';
import type { EaService } from '../../client/ea-service.js';
import type { Access } from '../state/access.js';
import type { StatusMessage } from '../state/app.js';

export interface Dashboard {
  service: EaService;
  principal: string;
  /** The principal's record in the registry: what the screens offer follows its roles. */
  access: Access;
  clock: () => number;
  refreshMs: number;
  notify: (status: StatusMessage | null) => void;
  /** Reports a failed service call in the status line; the app carries on. */
  fail: (error: unknown) => void;
  /** Like `fail`, for background polls: the message goes once a poll succeeds again. */
  pollFailed: (error: unknown) => void;
  pollSucceeded: () => void;
}

export const DashboardContext = createContext<Dashboard | null>(null);

export function useDashboard(): Dashboard {
  const dashboard = useContext(DashboardContext);
  if (!dashboard) throw new Error('useDashboard needs a DashboardContext (rendered inside App)');
  return dashboard;
}
