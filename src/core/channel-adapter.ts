import type { Attachment, ChannelName, InboundMessage, OutboundMessage } from '../lib/messages.js';

/** What a channel can show; rendering adapts options and long texts to it. */
export interface ChannelCapabilities {
  /** Options shown as tappable buttons; 0 means the channel has none and options become numbered text. */
  maxButtons: number;
  /** Longest text one channel message may carry; longer texts are split. */
  maxTextLength: number;
  typingIndicator: boolean;
  attachments: boolean;
  /**
   * Hours after the citizen's last message during which free text may be sent (WhatsApp Cloud API: 24). Outside it
   * only approved templates go out; the outbox passes the last inbound time in SendContext. Absent: no window.
   */
  replyWindowHours?: number;
  /** The channel shows who wrote a message itself (the widget); elsewhere an agent's name goes before the text. */
  showsAuthor?: boolean;
  /**
   * Everything one turn says goes out as one message (email: one well-formed email per turn, not one per bubble).
   * The parts are joined with a blank line; files travel together.
   */
  onePerTurn?: boolean;
  /**
   * Minutes a conversation waits for the citizen before it closes, when the channel's citizens answer much later than
   * a chat's (email: days). Absent: bot.yaml's idleMinutes.
   */
  idleMinutes?: number;
  /** How citizens call the channel in a sentence ("por este correo"); flows read it as `{{canal.nombre}}`. Absent: "chat". */
  noun?: string;
}

/** Where an adapter hands what citizens send. It resolves once the message is stored (never lost), not processed. */
/**
 * Stores an inbound message; resolves once it is stored (the channel may acknowledge it then), before its turn runs.
 * `busy`: the turn will wait noticeably behind others (back-pressure the channel may show the citizen).
 */
export type InboundSink = (
  message: InboundMessage,
) => Promise<{ duplicate: boolean; messageId: string; busy?: boolean }>;

/** A delivery status the channel reported for something we sent (WhatsApp's sent/delivered/read/failed). */
export interface DeliveryUpdate {
  entityId: string;
  channel: ChannelName;
  /** The id the channel gave the message when it was sent (SendResult.channelMessageId). */
  channelMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  at: Date;
  /** Why it failed, in words an administrator can act on. */
  error?: string;
}

/** A file a citizen sent, downloaded by the adapter, to be kept with the contact (see ChannelHost.keepFile). */
export interface IncomingFile {
  entityId: string;
  channel: ChannelName;
  senderId: string;
  data: Buffer;
  fileName?: string;
  /** What the platform says the type is; the stored type comes from the first bytes. */
  declaredType?: string;
}

/**
 * What the runtime gives an adapter when it starts: where to hand what citizens send, where to report delivery
 * statuses, and where to keep the files citizens send (so officials can still open them when the platform's copy
 * has expired).
 */
export interface ChannelHost {
  receive: InboundSink;
  delivery(update: DeliveryUpdate): Promise<void>;
  /** Stores the file and returns the attachment pointing at it, or why it was not kept (type or size not accepted). */
  keepFile(
    file: IncomingFile,
  ): Promise<{ kept: true; attachment: Attachment } | { kept: false; reason: 'type' | 'size' }>;
}

/** Which stored message a send delivers, for channels that show the conversation's own ids (the web widget). */
export interface SendContext {
  messageId: string;
  conversationId: string;
  /** When the citizen last wrote on this channel; given only to channels with a reply window. */
  lastInboundAt?: Date;
}

/** A channel's connection as /ready and /metrics show it (Baileys' link to the phone, for instance). */
export interface ChannelHealth {
  /** banned and bad_session: the channel stopped trying; only an administrator can bring it back. */
  state: 'connected' | 'connecting' | 'disconnected' | 'pairing' | 'logged_out' | 'banned' | 'bad_session' | 'standby';
  /** Since when it is in this state. */
  since: Date;
  detail?: string;
  /** What the channel counted since the process started (emails received, robots ignored…), for /metrics. */
  counters?: Record<string, number>;
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
  start(host: ChannelHost): Promise<void>;
  stop(): Promise<void>;
  send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult>;
  /** Connection state, for channels that hold a connection of their own. */
  health?(): ChannelHealth;
}

export class ChannelSendError extends Error {
  constructor(
    message: string,
    /** False when retrying cannot help (the citizen blocked the bot, the recipient does not exist). */
    readonly retryable: boolean,
    /** The channel asked to wait this long (e.g. Telegram's retry_after). */
    readonly retryAfterMs?: number,
    /** The citizen cannot be reached on this channel (blocked the bot): the contact is marked and sends stop. */
    readonly unreachable = false,
  ) {
    super(message);
    this.name = 'ChannelSendError';
  }
}
