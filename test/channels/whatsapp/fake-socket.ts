import { Boom } from '@hapi/boom';
import {
  generateWAMessageContent,
  type AnyMessageContent,
  type BaileysEventMap,
  type MiscMessageGenerationOptions,
  type proto,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
} from '@whiskeysockets/baileys';
import type { Timers } from '../../../src/channels/whatsapp/whatsapp-adapter.js';
import type {
  MakeSocket,
  WhatsappSocket,
  WhatsappSocketConfig,
} from '../../../src/channels/whatsapp/whatsapp-socket.js';

type Listener = (arg: never) => void;

/** Stands in for Baileys' socket: the test plays WhatsApp's side by emitting Baileys' own event shapes. */
export class FakeSocket implements WhatsappSocket {
  readonly sent: { jid: string; content: AnyMessageContent; options?: MiscMessageGenerationOptions }[] = [];
  /** Presence updates and sends in the order they happened, to check "typing…" comes before the reply. */
  readonly calls: string[] = [];
  ended = false;
  failSends = 0;
  private listeners = new Map<string, Set<Listener>>();

  constructor(readonly config: WhatsappSocketConfig) {}

  ev = {
    on: <T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void) => {
      if (!this.listeners.has(event)) this.listeners.set(event, new Set());
      this.listeners.get(event)!.add(listener as Listener);
    },
    off: <T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void) => {
      this.listeners.get(event)?.delete(listener as Listener);
    },
  };

  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) (listener as (a: BaileysEventMap[T]) => void)(arg);
  }

  listening(): number {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }

  showQr(qr: string): void {
    this.emit('connection.update', { connection: 'connecting', qr });
  }

  open(): void {
    this.emit('connection.update', { connection: 'open' });
  }

  /** Closes as Baileys does: a Boom error whose output.statusCode is the DisconnectReason. */
  close(statusCode: number): void {
    this.emit('connection.update', {
      connection: 'close',
      lastDisconnect: { error: new Boom('Connection Failure', { statusCode }), date: new Date() },
    });
  }

  deliver(...messages: WAMessage[]): void {
    this.emit('messages.upsert', { messages, type: 'notify' });
  }

  /**
   * What WhatsApp held while the server was away, as Baileys hands it after connecting: messages from a node marked
   * offline come as `append` (messages-recv.js: `node.attrs.offline ? 'append' : 'notify'`), one upsert each.
   */
  deliverOffline(...messages: WAMessage[]): void {
    for (const message of messages) this.emit('messages.upsert', { messages: [message], type: 'append' });
  }

  /** A phone could not decrypt a message we sent and asks for it: Baileys' sendMessagesAgain calls getMessage. */
  async askAgain(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    const getMessage = this.config.getMessage;
    if (!getMessage) return undefined;
    return getMessage(key);
  }

  /** The message id of every send attempt, failed ones included. */
  readonly attemptedIds: (string | undefined)[] = [];

  async sendMessage(
    jid: string,
    content: AnyMessageContent,
    options?: MiscMessageGenerationOptions,
  ): Promise<WAMessage | undefined> {
    this.attemptedIds.push(options?.messageId);
    if (this.failSends > 0) {
      this.failSends--;
      throw new Boom('Timed Out', { statusCode: 408 });
    }
    this.sent.push({ jid, content, ...(options ? { options } : {}) });
    this.calls.push(`send:${jid}`);
    // Baileys returns the message it sent, content included; text and locations are built by its own code.
    const message =
      'text' in content || 'location' in content
        ? await generateWAMessageContent(content, { upload: () => Promise.reject(new Error('no uploads in tests')) })
        : undefined;
    return {
      key: { remoteJid: jid, fromMe: true, id: options?.messageId ?? `3EB0FAKE${this.sent.length}` },
      ...(message ? { message } : {}),
    };
  }

  async sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void> {
    this.calls.push(`${type}:${toJid}`);
  }

  async requestPairingCode(): Promise<string> {
    return 'ABCD1234';
  }

  async updateMediaMessage(message: WAMessage): Promise<WAMessage> {
    return message;
  }

  end(): void {
    this.ended = true;
  }

  /** Texts sent to a chat, in order. */
  textsTo(jid: string): string[] {
    return this.sent
      .filter((s) => s.jid === jid && 'text' in s.content)
      .map((s) => (s.content as { text: string }).text);
  }
}

/** makeSocket for tests: every socket the adapter opens is kept, newest last. */
export class SocketFactory {
  readonly sockets: FakeSocket[] = [];
  readonly make: MakeSocket = (config) => {
    const socket = new FakeSocket(config);
    this.sockets.push(socket);
    return socket;
  };

  get latest(): FakeSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }
}

/** Timers the test fires by hand; each remembers the delay it was scheduled with. */
export class ManualTimers implements Timers {
  private next = 1;
  readonly pending = new Map<number, { run: () => void; ms: number }>();
  /** Every delay ever scheduled, in order. */
  readonly scheduled: number[] = [];

  set(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, { run, ms });
    this.scheduled.push(ms);
    return id;
  }

  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  delays(): number[] {
    return [...this.pending.values()].map((t) => t.ms);
  }

  /** Runs (once) every pending timer scheduled with exactly `ms`. */
  fire(ms: number): number {
    const due = [...this.pending].filter(([, t]) => t.ms === ms);
    for (const [id, t] of due) {
      this.pending.delete(id);
      t.run();
    }
    return due.length;
  }
}
