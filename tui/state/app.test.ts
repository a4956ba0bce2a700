import { describe, expect, it } from 'vitest';
import { appReducer, initialApp } from './app.js';

describe('app reducer', () => {
  it('switches screens by name and in a cycle', () => {
    expect(appReducer(initialApp, { type: 'show', screen: 'outbox' }).screen).toBe('outbox');
    const last = appReducer(initialApp, { type: 'show', screen: 'events' });
    expect(appReducer(last, { type: 'cycle-screen', delta: 1 }).screen).toBe('tokens');
    expect(appReducer(initialApp, { type: 'cycle-screen', delta: -1 }).screen).toBe('events');
  });

  it('keeps an open detail behind other screens, so coming back returns to it', () => {
    const detail = appReducer(initialApp, { type: 'open-detail', serial: 'T1' });
    const away = appReducer(detail, { type: 'show', screen: 'policy' });
    expect(appReducer(away, { type: 'show', screen: 'tokens' }).detail).toBe('T1');
    expect(appReducer(detail, { type: 'close-detail' }).detail).toBeNull();
  });

  it('clears a polling error once polling recovers, and nothing else', () => {
    const failed = appReducer(initialApp, {
      type: 'status',
      status: { tone: 'error', text: 'unavailable', fromPoll: true },
    });
    expect(appReducer(failed, { type: 'poll-recovered' }).status).toBeNull();
    const refused = appReducer(initialApp, { type: 'status', status: { tone: 'error', text: 'refused' } });
    expect(appReducer(refused, { type: 'poll-recovered' })).toBe(refused);
  });

  it('closes help when the screen changes', () => {
    const help = appReducer(initialApp, { type: 'toggle-help' });
    expect(help.help).toBe(true);
    expect(appReducer(help, { type: 'cycle-screen', delta: 1 }).help).toBe(false);
  });
});
