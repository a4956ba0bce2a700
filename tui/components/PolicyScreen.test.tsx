import { afterEach, describe, expect, it, vi } from 'vitest';
import { POLICY_KEYS } from '../../domain/policy.js';
import type { Role } from '../../trust/roles.js';
import { registeredService } from '../testing/principals.js';
import { cleanup, KEYS, renderDashboard, type RenderedDashboard } from '../testing/render.js';

afterEach(cleanup);

/** The policy screen of a dashboard acting as `admin` or as a principal with `roles`. */
async function policyScreen(roles?: Role[]) {
  const service = await registeredService({ principals: roles ? { someone: roles } : {} });
  const ui = await renderDashboard(service, {
    size: { columns: 120, rows: 50 },
    ...(roles ? { principal: 'someone' } : {}),
  });
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

  it("shows a guesser's chance within one EA, live for the draft, and refuses a policy that makes it easy", async () => {
    const { service, ui } = await policyScreen();
    expect(ui.frame()).toContain('guessing 1 in 8,925,998');
    await moveTo(ui, 'codeFormat.length');
    await ui.press(KEYS.enter, KEYS.backspace, '12', KEYS.enter);
    expect(ui.frame()).toMatch(/guessing 1 in [\d,]{15,}/);
    await ui.press(KEYS.enter, KEYS.backspace, KEYS.backspace, '6', KEYS.enter);
    expect(ui.frame()).toContain('✗ a guesser finds a valid emergency code within one emergency access');
    expect(ui.frame()).toContain('guessing 1 in 8,925,998');
    await ui.press('s');
    expect(ui.frame()).toContain('✗ fix the values marked ✗ before saving');
    expect((await service.policy()).version).toBe(1);
  });

  for (const roles of [['auditor'], ['helpdesk', 'auditor']] satisfies Role[][]) {
    it(`is read-only, with the reason, for ${roles.join(' and ')}`, async () => {
      const { service, ui } = await policyScreen(roles);
      expect(ui.frame()).toContain('Policy · version 1 · read-only');
      expect(ui.frame()).toContain(`Read-only: setPolicy takes admin; someone has ${roles.join(', ')}`);
      expect(ui.frame().split('\n').at(-1)).not.toMatch(/edit|save/);
      await moveTo(ui, 'tokenCode.setSize');
      await ui.press(KEYS.enter, '9', KEYS.enter, 's');
      expect(ui.frame()).not.toContain('▏');
      expect(ui.frame()).not.toContain('unsaved');
      expect(ui.frame()).toContain('the policy is read-only: setPolicy takes admin');
      expect((await service.policy()).version).toBe(1);
      await ui.press('h');
      expect(ui.frame()).toContain('Policy history');
    });
  }

  it('is editable for an admin, with no read-only line', async () => {
    const { ui } = await policyScreen();
    expect(ui.frame()).not.toContain('read-only');
    expect(ui.frame().split('\n').at(-1)).toContain('s save');
  });
});
