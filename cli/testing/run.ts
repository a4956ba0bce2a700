// Runs the real `ea` program in-process against the in-memory service, capturing what it prints.
import { EaError, type EaService } from '../../client/ea-service.js';
import { MemoryEaService } from '../../client/memory-ea-service.js';
import { runCli } from '../run-cli.js';
import type { Connect } from '../session.js';
import { recordCalls, type Recorded } from './record-calls.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the one JSON document it must be with --json. */
  json(): unknown;
  /** stdout as JSON lines. */
  lines(): unknown[];
  /** How often the program connected to the service, and closed the connection. */
  connects: number;
  closes: number;
}

export const TEST_ENV = { TZ: 'Europe/Berlin', EA_ACTOR: 'tester' };

/** The instant CLI tests live at, unless a test moves its own clock. */
export const CLI_NOW = Date.parse('2026-03-01T12:00:00Z');

export type TestService = Recorded<MemoryEaService>;

/** An empty service at CLI_NOW (or on `clock`) that records the calls made to it. */
export function testService(clock: () => number = () => CLI_NOW): TestService {
  return recordCalls(new MemoryEaService({ clock }));
}

export async function ea(
  argv: string[],
  options: { service?: EaService; env?: NodeJS.ProcessEnv; unreachable?: boolean } = {},
): Promise<CliResult> {
  const service = options.service ?? testService();
  let stdout = '';
  let stderr = '';
  let connects = 0;
  let closes = 0;
  const connect: Connect = async () => {
    connects++;
    if (options.unreachable) throw new EaError('unavailable', 'cannot reach the Temporal server at 127.0.0.1:7233');
    return { service, close: async () => void closes++ };
  };
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env: options.env ?? TEST_ENV,
    connect,
  });
  return {
    code,
    stdout,
    stderr,
    json: () => JSON.parse(stdout) as unknown,
    lines: () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as unknown),
    connects,
    closes,
  };
}

/** A service with alice (e-mail and SMS, on-demand by SMS) holding token T1 (TOTP, no PIN) and T2 (PIN 1234). */
export async function seededService(clock?: () => number): Promise<TestService> {
  const service = testService(clock);
  const meta = { actor: 'seed' };
  const oath = {
    type: 'totp' as const,
    secretBase32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
    digits: 6 as const,
    period: 30,
    algorithm: 'SHA1' as const,
    counter: 0,
  };
  await service.putUser(
    { id: 'alice', name: 'Alice', email: 'alice@example.com', mobile: '+4915112345678', onDemand: 'sms' },
    meta,
  );
  await service.addToken({ serial: 'T1', userId: 'alice', oath, tokenExpiresAt: '2027-01-01T00:00:00.000Z' }, meta);
  await service.addToken(
    { serial: 'T2', userId: 'alice', oath, tokenExpiresAt: '2027-01-01T00:00:00.000Z', pin: '1234' },
    meta,
  );
  service.calls.length = 0;
  return service;
}
