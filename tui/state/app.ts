// Which screen is showing, the help overlay, and the status line. Screens keep their own state;
// this is only what the frame around them needs.
export const SCREENS = ['tokens', 'policy', 'outbox', 'events'] as const;
export type Screen = (typeof SCREENS)[number];

export interface StatusMessage {
  tone: 'info' | 'error';
  text: string;
  /** Set for a failed background poll, so the message goes when polling recovers. */
  fromPoll?: boolean;
}

export interface AppState {
  screen: Screen;
  /** The token whose detail is open (on the tokens screen), if any. */
  detail: string | null;
  help: boolean;
  status: StatusMessage | null;
}

export type AppAction =
  | { type: 'show'; screen: Screen }
  | { type: 'cycle-screen'; delta: 1 | -1 }
  | { type: 'open-detail'; serial: string }
  | { type: 'close-detail' }
  | { type: 'toggle-help' }
  | { type: 'status'; status: StatusMessage | null }
  | { type: 'poll-recovered' };

export const initialApp: AppState = { screen: 'tokens', detail: null, help: false, status: null };

export function appReducer(state: AppState, action: AppAction): AppState {
  switch (action.type) {
    case 'show':
      return { ...state, screen: action.screen, help: false };
    case 'cycle-screen': {
      const next = (SCREENS.indexOf(state.screen) + action.delta + SCREENS.length) % SCREENS.length;
      return { ...state, screen: SCREENS[next] ?? 'tokens', help: false };
    }
    case 'open-detail':
      return { ...state, screen: 'tokens', detail: action.serial };
    case 'close-detail':
      return { ...state, detail: null };
    case 'toggle-help':
      return { ...state, help: !state.help };
    case 'status':
      return { ...state, status: action.status };
    case 'poll-recovered':
      // The same state when there is nothing to clear: React then skips the render.
      return state.status?.fromPoll ? { ...state, status: null } : state;
  }
}
