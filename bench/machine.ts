// What the figures were measured on: they mean little without it.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, platform, release, totalmem } from 'node:os';
import { findBinary } from '../worker/binaries.js';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  temporalCli: string;
  temporalSdk: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  const sdk = createRequire(import.meta.url)('@temporalio/worker/package.json') as { version: string };
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    temporalCli: execFileSync(findBinary('temporal'), ['--version'], { encoding: 'utf8' }).trim(),
    temporalSdk: sdk.version,
  };
}
