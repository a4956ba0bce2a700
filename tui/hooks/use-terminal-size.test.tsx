import { Text, useStdout } from 'ink';
import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, renderInk } from '../testing/render.js';
import { useTerminalSize, type TerminalSize } from './use-terminal-size.js';

afterEach(cleanup);

function Probe({ fixed, onStdout }: { fixed?: TerminalSize; onStdout?: (stdout: NodeJS.WriteStream) => void }) {
  const { stdout } = useStdout();
  useEffect(() => onStdout?.(stdout), [stdout, onStdout]);
  const { columns, rows } = useTerminalSize(fixed);
  return <Text>{`${columns}x${rows}`}</Text>;
}

describe('useTerminalSize', () => {
  it("follows stdout's resize events", async () => {
    let stdout: NodeJS.WriteStream | undefined;
    const ui = await renderInk(<Probe onStdout={(given) => (stdout = given)} />);
    expect(ui.frame()).toBe('100x24'); // the test stdout has no rows: 24 is assumed
    Object.defineProperty(stdout, 'rows', { value: 40, configurable: true });
    stdout?.emit('resize');
    await vi.waitFor(() => expect(ui.frame()).toBe('100x40'));
  });

  it('uses a fixed size when given one', async () => {
    const ui = await renderInk(<Probe fixed={{ columns: 70, rows: 12 }} />);
    expect(ui.frame()).toBe('70x12');
  });
});
