import type { ChannelName, InboundMessage, OutboundMessage } from './messages.js';

/** What a channel can show; rendering adapts options and long texts to it. */
export interface ChannelCapabilities {
  /** Options shown as tappable buttons; 0 means the channel has none and options become numbered text. */
  maxButtons: number;
  /** Longest text one channel message may carry; longer texts are split. */
  maxTextLength: number;
  typingIndicator: boolean;
  attachments: boolean;
}

/** Where an adapter hands what citizens send. It resolves once the message is stored (never lost), not processed. */
export type InboundSink = (message: InboundMessage) => Promise<{ duplicate: boolean; messageId: string }>;

/** Which stored message a send delivers, for channels that show the conversation's own ids (the web widget). */
export interface SendContext {
  messageId: string;
  conversationId: string;
}

export interface SendResult {
  /** The channel's own id for what was sent, kept for delivery statuses. */
  channelMessageId?: string;
}

/**
 * A channel behind one interface (DESIGN.md). Adapters translate at the edge with pure converters; nothing past the
 * adapter knows the SDK. `send` throws ChannelSendError to say whether a retry can succeed.
 */
export interface ChannelAdapter {
  readonly channel: ChannelName;
  readonly capabilities: ChannelCapabilities;
  start(sink: InboundSink): Promise<void>;
  stop(): Promise<void>;
  send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult>;
}

export class ChannelSendError extends Error {
  constructor(
    message: string,
    /** False when retrying cannot help (the citizen blocked the bot, the recipient does not exist). */
    readonly retryable: boolean,
    /** The channel asked to wait this long (e.g. Telegram's retry_after). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}
