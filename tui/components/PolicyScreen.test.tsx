import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLICY_KEYS } from '../../domain/policy.js';
import { MemoryEaService } from '../../client/memory-ea-service.js';
import { cleanup, KEYS, renderDashboard, TEST_NOW, type RenderedDashboard } from '../testing/render.js';

afterEach(cleanup);

async function policyScreen() {
  const service = new MemoryEaService({ clock: () => TEST_NOW });
  const ui = await renderDashboard(service, { size: { columns: 120, rows: 50 } });
  await ui.press('2');
  await vi.waitFor(() => expect(ui.frame()).toContain('version 1'));
  return { service, ui };
}

async function moveTo(ui: RenderedDashboard, key: string) {
  await ui.press('g', ...Array<string>(POLICY_KEYS.findIndex((k) => k.key === key)).fill('j'));
  expect(ui.frame()).toContain(`${key}: `);
}

describe('policy screen', () => {
  it('shows the policy grouped by section with the help of the selected key', async () => {
    const { ui } = await policyScreen();
    const first = POLICY_KEYS[0]!;
    expect(ui.frame()).toContain(first.section);
    expect(ui.frame()).toContain(`› ${first.label}`);
    expect(ui.frame()).toContain(`${first.key}: ${first.help.slice(0, 40)}`);
  });

  it('validates while typing, refuses to save errors, and saves a valid change with its history', async () => {
    const { service, ui } = await policyScreen();
    await moveTo(ui, 'tokenCode.setSize');
    await ui.press(KEYS.enter, KEYS.backspace, '99');
    expect(ui.frame()).toMatch(/\[99▏\].*✗/);
    expect(ui.frame()).toContain('✗ tokenCode.setSize must be a whole number from 1 to 50 (got 99)');
    expect(ui.frame()).toContain('1 error');
    await ui.press(KEYS.enter, 's');
    expect(ui.frame()).toContain('✗ fix the values marked ✗ before saving');
    expect((await service.policy()).version).toBe(1);

    await ui.press(KEYS.enter, KEYS.backspace, KEYS.backspace, '8', KEYS.enter);
    expect(ui.frame()).toContain('1 unsaved change');
    expect(ui.frame()).toMatch(/8 \(saved: 5\)/);
    await ui.press('s');
    await vi.waitFor(() => expect(ui.frame()).toContain('✓ policy saved as version 2'));
    expect((await service.policy()).tokenCode.setSize).toBe(8);

    await ui.press('h');
    await vi.waitFor(() => expect(ui.frame()).toMatch(/v2 2026-03-01 12:00Z admin\s+tokenCode\.setSize 5 → 8/));
  });
});
