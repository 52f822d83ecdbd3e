import { randomUUID } from 'node:crypto';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHost,
  InboundSink,
  SendResult,
} from '../../core/channel-adapter.js';
import { ChannelSendError } from '../../core/channel-adapter.js';
import type { Attachment, InboundMessage, OutboundMessage } from '../../lib/messages.js';

export interface SentMessage {
  recipientId: string;
  message: OutboundMessage;
  channelMessageId: string;
}

/**
 * An in-memory channel: a full implementation used by tests and by the terminal simulator. It records what is sent,
 * can be told to fail the next sends, and injects citizen messages as a real adapter would.
 */
export class FakeAdapter implements ChannelAdapter {
  readonly channel = 'fake' as const;
  readonly sent: SentMessage[] = [];
  private sink: InboundSink | undefined;
  private failures: ChannelSendError[] = [];
  private listeners: ((m: SentMessage) => void)[] = [];
  private counter = 0;

  constructor(
    readonly entityId: string,
    readonly capabilities: ChannelCapabilities = {
      maxButtons: 3,
      maxTextLength: 4096,
      typingIndicator: true,
      attachments: true,
    },
  ) {}

  async start(host: ChannelHost): Promise<void> {
    this.sink = host.receive;
  }

  async stop(): Promise<void> {
    this.sink = undefined;
  }

  async send(recipientId: string, message: OutboundMessage): Promise<SendResult> {
    const failure = this.failures.shift();
    if (failure) throw failure;
    const record = { recipientId, message, channelMessageId: `fake-out-${++this.counter}` };
    this.sent.push(record);
    for (const l of this.listeners) l(record);
    return { channelMessageId: record.channelMessageId };
  }

  /** The next `count` sends fail; retryable unless told otherwise. */
  failNext(count: number, error = new ChannelSendError('fake channel unavailable', true)): void {
    for (let i = 0; i < count; i++) this.failures.push(error);
  }

  onSend(listener: (m: SentMessage) => void): () => void {
    this.listeners.push(listener);
    return () => (this.listeners = this.listeners.filter((l) => l !== listener));
  }

  /** What a citizen sends; `id` lets a test deliver the same channel message twice. */
  async receive(
    senderId: string,
    content: { text?: string; payload?: string; id?: string; name?: string; attachments?: Attachment[] },
  ): Promise<{ duplicate: boolean }> {
    if (!this.sink) throw new Error('FakeAdapter is not started');
    const message: InboundMessage = {
      entityId: this.entityId,
      channel: 'fake',
      senderId,
      channelMessageId: content.id ?? randomUUID(),
      attachments: content.attachments ?? [],
      receivedAt: new Date(),
      ...(content.text !== undefined ? { text: content.text } : {}),
      ...(content.payload !== undefined ? { payload: content.payload } : {}),
      ...(content.name !== undefined ? { senderName: content.name } : {}),
    };
    return this.sink(message);
  }

  sentTo(recipientId: string): OutboundMessage[] {
    return this.sent.filter((s) => s.recipientId === recipientId).map((s) => s.message);
  }
}
