import type { Attachment } from '../lib/messages.js';
import type { JsonValue } from '../lib/json-value.js';

/**
 * What happened since the last step.
 * - `start`: a new conversation; the entry flow begins, or the given flow with the given variables (the system
 *   starting a flow on its own, such as the satisfaction survey after an agent closes a conversation).
 * - `message`: the citizen wrote (`text`) or tapped a button/list option (`payload`), maybe with attachments.
 * - `action.result`: the runner finished the action the last step asked for with a `call` effect.
 * - `idle`: the citizen was silent longer than bot.yaml `idleMinutes`.
 */
export type FlowEvent =
  | { type: 'start'; flow?: string; vars?: Record<string, JsonValue> }
  | { type: 'message'; text?: string; payload?: string; attachments: Attachment[] }
  | { type: 'action.result'; ok: boolean; value?: JsonValue; error?: string }
  | { type: 'idle' };
