import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { runDashboard } from './run-dashboard.js';
import { MemoryEaService } from '../client/memory-ea-service.js';
import { tick } from './testing/render.js';
import { replay } from './testing/screen.js';
import { seedTokens } from './testing/seed.js';

/** A terminal's stdin as Ink reads it: raw mode, `readable` events and read(). */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private pending: string | null = null;
  write(data: string) {
    this.pending = data;
    this.emit('readable');
  }
  read() {
    const data = this.pending;
    this.pending = null;
    return data;
  }
  setRawMode() {}
  setEncoding() {}
  ref() {}
  unref() {}
  resume() {}
  pause() {}
}

class FakeStdout extends EventEmitter {
  isTTY = true;
  columns = 100;
  rows = 30;
  written: string[] = [];
  write(data: string) {
    this.written.push(data);
    return true;
  }
}

function start(service = new MemoryEaService()) {
  const stdin = new FakeStdin();
  const stdout = new FakeStdout();
  const done = runDashboard(service, {
    principal: 'helpdesk',
    stdin: stdin as unknown as NodeJS.ReadStream,
    stdout: stdout as unknown as NodeJS.WriteStream,
  });
  return { stdin, stdout, done };
}

const ENTER = '\x1b[?1049h';
const LEAVE = '\x1b[?1049l';

describe('runDashboard', () => {
  it('draws on the alternate screen and restores the normal one when q quits', async () => {
    const { stdin, stdout, done } = start();
    await tick();
    expect(stdout.written[0]).toBe(ENTER);
    expect(stdout.written.join('')).toContain('Emergency Access');
    stdin.write('q');
    await done;
    expect(stdout.written.at(-1)).toBe(LEAVE);
    expect(stdout.written.filter((w) => w === LEAVE)).toHaveLength(1);
  });

  it('ends on SIGTERM and SIGINT like a quit, and leaves no handler of its own behind', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const { stdout, done } = start();
      await tick();
      // Ink's exit hook (signal-exit) stays registered for the process; ours must go.
      const during = process.listenerCount(signal);
      process.emit(signal);
      await done;
      expect(stdout.written.at(-1)).toBe(LEAVE);
      expect(process.listenerCount(signal)).toBe(during - 1);
    }
  });

  it('draws every frame from the top of the screen, not a line lower each update', async () => {
    const service = new MemoryEaService();
    await seedTokens(service, 3, Date.now());
    const { stdin, stdout, done } = start(service);
    const screen = () => replay(stdout.written.join(''), stdout);
    // Loading, then the list: the second frame is drawn over the first.
    while (!screen().some((line) => line.includes('3/3 tokens'))) await tick();
    expect(screen()[0]).toContain('Emergency Access');
    expect(screen()[stdout.rows - 2]).toContain('q quit');
    stdin.write('q');
    await done;
  });
});
