// `ea namespace setup` against the run's dev server, on a namespace of its own made as a cluster's
// operator makes one (no search attribute, a day's retention): the first run registers and sets,
// the second changes nothing, and bad values, unknown namespaces and no server get their exit codes.
import { Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../contract/search-attributes.js';
import { registerNamespace } from '../support/product-env.js';
import { runEa } from '../support/ea-in-process.js';
import { uniqueId } from '../support/temporal.js';

const names = SEARCH_ATTRIBUTES.map((key) => key.name);
let connection: Connection;
let namespace: string;
const env = (extra: NodeJS.ProcessEnv = {}) => ({
  ...process.env,
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  TEMPORAL_NAMESPACE: namespace,
  ...extra,
});

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  namespace = uniqueId('ns-setup');
  await registerNamespace(connection, namespace);
});
afterAll(async () => {
  await connection?.close();
});

describe('ea namespace setup', () => {
  it('registers the search attributes and sets the retention; a second run changes nothing', async () => {
    const first = await runEa(env(), ['namespace', 'setup', '--retention', '7d', '--json']);
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({
      namespace,
      searchAttributes: { added: names, present: [] },
      retention: { days: 7, previousDays: 1, changed: true },
      changed: true,
    });
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    expect(Object.keys(listed.customAttributes ?? {})).toEqual(expect.arrayContaining(names));
    const described = await connection.workflowService.describeNamespace({ namespace });
    expect(Number(described.config?.workflowExecutionRetentionTtl?.seconds)).toBe(7 * 86_400);

    const again = await runEa(env(), ['namespace', 'setup', '--retention', '7d', '--json']);
    expect(again.code).toBe(0);
    expect(again.json()).toMatchObject({
      searchAttributes: { added: [], present: names },
      retention: { days: 7, previousDays: 7, changed: false },
      changed: false,
    });
    const text = await runEa(env(), ['namespace', 'setup', '--retention', '168h']);
    expect(text.stdout).toBe(
      `namespace ${namespace}: nothing changed; all ${names.length} search attributes registered already; retention 7 days already.\n`,
    );
  });

  it('without --retention: the default the embedded server uses (30 days)', async () => {
    const result = await runEa(env(), ['namespace', 'setup', '--json']);
    expect(result.json()).toMatchObject({ retention: { days: 30, changed: true }, changed: true });
  });

  it('a bad retention is bad usage (exit 2), nothing changed', async () => {
    for (const value of ['2h', '1.5d', 'forever', '4000d']) {
      const result = await runEa(env(), ['namespace', 'setup', '--retention', value, '--json']);
      expect(result.code).toBe(2);
      expect(result.json()).toEqual({ error: { code: 'invalid', message: expect.stringMatching(/retention/) } });
    }
  });

  it('an unknown namespace is exit 2, no server exit 3', async () => {
    const unknown = await runEa(env({ TEMPORAL_NAMESPACE: uniqueId('no-such') }), ['namespace', 'setup', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toEqual({
      error: { code: 'not-found', message: expect.stringMatching(/^unknown namespace/) },
    });
    const away = await runEa(env({ TEMPORAL_ADDRESS: '127.0.0.1:1' }), ['namespace', 'setup', '--json']);
    expect(away.code).toBe(3);
    expect(away.json()).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/cannot reach/) } });
  });
});
