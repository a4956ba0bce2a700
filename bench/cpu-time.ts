// CPU time the run's processes spend, so a burst's cost per token can be split between the Temporal
// server, the worker and the load generator. On a machine whose cores a burst saturates, the
// throughput ratio follows these costs. Linux only (from /proc); elsewhere the figures are left out.
import { readFileSync } from 'node:fs';

export interface CpuMs {
  server: number;
  worker: number;
  bench: number;
}

// /proc reports clock ticks; Linux's USER_HZ is 100 on every architecture Node runs on.
const MS_PER_TICK = 10;

function processCpuMs(pid: number): number | null {
  try {
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th of the line.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
  } catch {
    return null;
  }
}

export interface CpuPids {
  server: number | undefined;
  worker: number | undefined;
}

export function cpuNow(pids: CpuPids): CpuMs | null {
  const server = pids.server === undefined ? null : processCpuMs(pids.server);
  const worker = pids.worker === undefined ? null : processCpuMs(pids.worker);
  if (server === null || worker === null) return null;
  const own = process.cpuUsage();
  return { server, worker, bench: (own.user + own.system) / 1000 };
}

/** CPU milliseconds per item between two readings, one decimal. */
export function cpuPer(before: CpuMs | null, after: CpuMs | null, items: number): CpuMs | null {
  if (!before || !after) return null;
  const per = (key: keyof CpuMs) => Math.round(((after[key] - before[key]) / items) * 10) / 10;
  return { server: per('server'), worker: per('worker'), bench: per('bench') };
}
