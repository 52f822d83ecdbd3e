import type { Logger } from 'pino';
import { findNode, type FlowBundle } from '../flows/flow-bundle.js';
import { parseFlowSession } from '../flows/flow-session.js';
import type { InboundMessage, OutboundMessageInput } from '../lib/messages.js';

/** A citizen's message where a conversation starts, as a channel's first reading sees it. */
export interface FirstMessage {
  entityId: string;
  conversationId: string;
  contactId: string;
  channel: string;
  /** The stored inbound message: its id is the key that makes a re-run after a crash do nothing twice. */
  inboundId: string;
  text: string;
  attachments: InboundMessage['attachments'];
}

/**
 * A channel's own reading of a message that arrives where a conversation starts (no flow under way, or the entry
 * flow's menu). It may answer the whole message itself, returning what the citizen is told, or return null to leave
 * it to the flows. Email uses it: one complete email is a petition filed at once, not a chat of one question per email.
 */
export interface FirstReading {
  read(message: FirstMessage): Promise<OutboundMessageInput[] | null>;
}

/** Nothing under way: no session, an ended one, or waiting at a menu of the entry flow itself (not a sub-flow). */
export function atConversationStart(bundle: FlowBundle, stored: unknown): boolean {
  const session = parseFlowSession(stored);
  if (session === null || session.status === 'ended') return true;
  if (session.stack.length > 0 || session.flowId !== bundle.bot.entry || session.waiting?.kind !== 'input')
    return false;
  return findNode(bundle, session.flowId, session.waiting.nodeId)?.type === 'menu';
}

/**
 * Asks the channel's first reading, when it has one and the message arrives at the start; null means "run the flows".
 * A reading that fails leaves the message to the flows too: the citizen is answered either way.
 */
export async function readFirst(
  readings: ReadonlyMap<string, FirstReading> | undefined,
  bundle: FlowBundle,
  message: FirstMessage,
  session: unknown,
  logger: Logger,
): Promise<OutboundMessageInput[] | null> {
  const reading = readings?.get(message.channel);
  if (!reading || message.text.trim() === '' || !atConversationStart(bundle, session)) return null;
  try {
    return await reading.read(message);
  } catch (error) {
    logger.error({ err: error, conversationId: message.conversationId }, 'first reading failed; the flows answer');
    return null;
  }
}
