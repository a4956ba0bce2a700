// An operator action from the detail screen: pick it, fill in its form, confirm, see the result.
// Nothing reaches the service before the confirm step. Each confirmation is one request with its
// own id: retrying after a failure repeats that id (the workflow ignores a repeat it already
// applied), while going back to the form makes a new request. Codes returned by the service live
// only in the `done` step: dismissing it drops them for good.
import {
  createForm,
  formReducer,
  isValid,
  visibleFields,
  type FieldSpec,
  type FormAction,
  type FormState,
} from './form.js';
import { applyScroll, initialWindow, resizeWindow, type ScrollCommand, type ScrollWindow } from './scroll-window.js';

export interface ActionOutcome {
  message: string;
  /** Emergency codes to read out once; empty for every other action. */
  codes: string[];
}

export type ActionFlow<A extends string = string> =
  | { step: 'closed' }
  | { step: 'menu'; choices: readonly A[]; window: ScrollWindow }
  | { step: 'form'; action: A; form: FormState }
  | { step: 'confirm'; action: A; form: FormState; requestId: string; error: string | null }
  | { step: 'running'; action: A; form: FormState; requestId: string }
  | { step: 'done'; action: A; outcome: ActionOutcome };

export type ActionFlowEvent<A extends string = string> =
  | { type: 'open'; choices: readonly A[]; height: number }
  | { type: 'menu-scroll'; command: ScrollCommand }
  | { type: 'choose'; action: A; fields: readonly FieldSpec[]; requestId: string }
  | { type: 'form'; action: FormAction }
  /** `requestId` is used when a form is confirmed, which makes a new request. */
  | { type: 'confirm'; requestId: string }
  | { type: 'succeeded'; outcome: ActionOutcome }
  | { type: 'failed'; error: string }
  | { type: 'back' };

export const closedFlow: ActionFlow<never> = { step: 'closed' };

export function actionFlowReducer<A extends string>(flow: ActionFlow<A>, event: ActionFlowEvent<A>): ActionFlow<A> {
  switch (event.type) {
    case 'open':
      return flow.step === 'closed'
        ? {
            step: 'menu',
            choices: event.choices,
            window: resizeWindow(initialWindow, event.height, event.choices.length),
          }
        : flow;
    case 'menu-scroll':
      return flow.step === 'menu'
        ? { ...flow, window: applyScroll(flow.window, event.command, flow.choices.length) }
        : flow;
    case 'choose': {
      if (flow.step !== 'menu') return flow;
      const form = createForm(event.fields);
      return event.fields.length === 0
        ? { step: 'confirm', action: event.action, form, requestId: event.requestId, error: null }
        : { step: 'form', action: event.action, form };
    }
    case 'form': {
      if (flow.step !== 'form') return flow;
      return { ...flow, form: formReducer(flow.form, event.action) };
    }
    case 'confirm':
      // From the form, Enter asks for confirmation; from the confirmation, it runs the action.
      if (flow.step === 'form') {
        const form = formReducer(flow.form, { type: 'submit' });
        return isValid(form)
          ? { step: 'confirm', action: flow.action, form, requestId: event.requestId, error: null }
          : { ...flow, form };
      }
      return flow.step === 'confirm'
        ? { step: 'running', action: flow.action, form: flow.form, requestId: flow.requestId }
        : flow;
    case 'succeeded':
      return flow.step === 'running' ? { step: 'done', action: flow.action, outcome: event.outcome } : flow;
    case 'failed':
      return flow.step === 'running'
        ? { step: 'confirm', action: flow.action, form: flow.form, requestId: flow.requestId, error: event.error }
        : flow;
    case 'back':
      switch (flow.step) {
        case 'confirm':
          return visibleFields(flow.form).length > 0
            ? { step: 'form', action: flow.action, form: flow.form }
            : closedFlow;
        case 'running':
          return flow; // the call is in flight; its answer decides what comes next
        default:
          return closedFlow;
      }
  }
}
