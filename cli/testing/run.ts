// Runs the real `ea` program in-process against the in-memory service, capturing what it prints.
// The in-memory service acts as its own principal (`tester` unless a test gives another key); the
// signer the program hands to `connect` (from --key, EA_KEY or the default) is kept for tests of it.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { EaError, type EaService } from '../../client/ea-service.js';
import type { PrincipalKey } from '../../client/keys.js';
import { MemoryEaService } from '../../client/memory-ea-service.js';
import type { Signer } from '../../client/signer.js';
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
  /** The signer the program connected with (its key is read only if something asks). */
  signer: Signer | null;
}

export const TEST_ENV = { TZ: 'Europe/Berlin' };

/** A fixed key per name for tests (a real one comes from the CSPRNG: client/keys.ts). */
export const testKey = (principal: string): PrincipalKey => ({
  principal,
  privateKey: sha256(utf8ToBytes(`cli-test-key:${principal}`)),
});

/** Who the test service acts as: the audit's actor in CLI tests. */
export const TEST_KEY = testKey('tester');

/** The instant CLI tests live at, unless a test moves its own clock. */
export const CLI_NOW = Date.parse('2026-03-01T12:00:00Z');

export type TestService = Recorded<MemoryEaService>;

/** An empty service at CLI_NOW (or on `clock`), acting as `key`, that records the calls made to it. */
export function testService(clock: () => number = () => CLI_NOW, key: PrincipalKey = TEST_KEY): TestService {
  return recordCalls(new MemoryEaService({ clock, key }));
}

export async function ea(
  argv: string[],
  options: {
    service?: EaService;
    env?: NodeJS.ProcessEnv;
    unreachable?: boolean;
    stdin?: string;
    /** stderr as a terminal of this many columns. */
    ttyColumns?: number;
  } = {},
): Promise<CliResult> {
  const service = options.service ?? testService();
  let stdout = '';
  let stderr = '';
  let connects = 0;
  let closes = 0;
  let signer: Signer | null = null;
  const connect: Connect = async (_env, used) => {
    connects++;
    signer = used;
    if (options.unreachable) throw new EaError('unavailable', 'cannot reach the Temporal server at 127.0.0.1:7233');
    return { service, close: async () => void closes++ };
  };
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: {
      write: (chunk: string) => (stderr += chunk),
      ...(options.ttyColumns ? { isTTY: true, columns: options.ttyColumns } : {}),
    },
    env: options.env ?? TEST_ENV,
    connect,
    stdin: async () => options.stdin ?? '',
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
    signer,
  };
}

/** A service with alice (e-mail and SMS, on-demand by SMS) holding token T1 (TOTP, no PIN) and T2 (PIN 1234). */
export async function seededService(clock?: () => number): Promise<TestService> {
  const service = testService(clock);
  const meta = {};
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
