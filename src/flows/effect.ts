import type { OutboundMessageInput } from '../lib/messages.js';
import type { FlowSession } from './flow-session.js';
import type { JsonValue } from '../lib/json-value.js';

/**
 * Something the runner must do after a step, in order.
 * - `send`: deliver a message to the citizen.
 * - `call`: run the named action from the registry, then call `step` again with an `action.result` event. Always the
 *   last effect of a step.
 * - `end`: the conversation's flow session finished (`completed`, `cancelled` or `idle`).
 * - `remember`: store a fact about the contact for future conversations.
 */
export type Effect =
  | { type: 'send'; message: OutboundMessageInput }
  | { type: 'call'; action: string; args: Record<string, JsonValue> }
  | { type: 'end'; reason: 'completed' | 'cancelled' | 'idle' }
  | { type: 'remember'; key: 'name'; value: string };

/** The outcome of one step: the session to store and the effects to run. */
export interface StepResult {
  session: FlowSession;
  effects: Effect[];
}
