import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type { InboundMessage } from '../../lib/messages.js';
import {
  ClientFrame,
  clientIdPattern,
  type MessageFrame,
  type ServerFrame,
  type WidgetErrorCode,
  type WidgetLimits,
  type WidgetMessage,
  busyMessage,
  protocolVersion,
  sendWidgetError,
} from './widget-frames.js';
import { inboundToWidget } from './widget-history.js';

/** What a connection needs from its channel; the channel owns sessions, limits and storage. */
export interface ConnectionHost {
  readonly entityId: string;
  readonly limits: WidgetLimits;
  readonly logger: Logger;
  now(): Date;
  /** A new session for a client without a token, or the number of ms to wait when this address made too many. */
  newSession(ip: string): { sessionId: string } | { retryAfterMs: number };
  verifyToken(token: string): string | undefined;
  issueToken(sessionId: string): string;
  history(sessionId: string, after: string | null | undefined): Promise<WidgetMessage[]>;
  join(sessionId: string, connection: WidgetConnection): void;
  /** 0 when the session may send now, otherwise ms to wait. */
  takeMessageToken(sessionId: string): number;
  /** 0 when the connection may send another frame, otherwise it is flooding. */
  takeFrameToken(connection: WidgetConnection): number;
  ownsUploads(sessionId: string, refs: string[]): Promise<boolean>;
  receive(message: InboundMessage): Promise<{ duplicate: boolean; messageId: string; busy?: boolean }>;
  broadcast(sessionId: string, frame: ServerFrame): void;
}

/** Close code for a client sending far more frames than any widget would. */
export const floodCloseCode = 4029;

/**
 * One browser tab's socket: the protocol's state machine (hello first, then messages), validation and limits.
 * Frames are handled one at a time in arrival order, so a citizen's messages are stored in the order typed.
 */
export class WidgetConnection {
  private static opened = 0;
  /** Unique in this process: the key of the connection's own limits. */
  readonly id = String(++WidgetConnection.opened);
  sessionId: string | undefined;
  alive = true;
  lastFrameAt: number;
  readonly openedAt: number;
  private work: Promise<void> = Promise.resolve();

  constructor(
    readonly socket: WebSocket,
    readonly ip: string,
    private readonly host: ConnectionHost,
  ) {
    this.openedAt = this.lastFrameAt = host.now().getTime();
    socket.on('message', (data, isBinary) => {
      this.lastFrameAt = this.host.now().getTime();
      if (this.host.takeFrameToken(this) > 0) {
        this.socket.close(floodCloseCode, 'too many frames');
        return;
      }
      const raw = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      this.work = this.work
        .then(() => this.handle(raw, isBinary))
        .catch((error: unknown) =>
          this.host.logger.error({ err: error, sessionId: this.sessionId }, 'widget frame failed'),
        );
    });
    socket.on('pong', () => {
      this.alive = true;
    });
  }

  send(frame: ServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  error(code: WidgetErrorCode, extra: { ref?: string; retryAfterMs?: number } = {}): void {
    sendWidgetError(this.socket, code, extra);
  }

  /**
   * A frame that does not follow the protocol: the client gets the error frame, the log one warn line with the code
   * and no content (it may be a citizen's text) and no stack (a broken client is not a server failure).
   */
  private refuse(code: 'MALFORMED_FRAME' | 'FRAME_TOO_LARGE' | 'INVALID_FRAME', extra: { ref?: string } = {}): void {
    this.host.logger.warn({ code, sessionId: this.sessionId }, 'widget frame refused');
    this.error(code, extra);
  }

  /** Resolves when every frame received so far has been handled (tests, shutdown). */
  settled(): Promise<void> {
    return this.work;
  }

  private async handle(raw: Buffer, isBinary: boolean): Promise<void> {
    const { limits } = this.host;
    if (raw.length > limits.maxFrameBytes) return this.refuse('FRAME_TOO_LARGE', refOf(raw));
    if (isBinary) return this.refuse('MALFORMED_FRAME');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      return this.refuse('MALFORMED_FRAME');
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) return this.refuse('MALFORMED_FRAME');
    const text = (json as { text?: unknown }).text;
    const ref = clientRef((json as { id?: unknown }).id);
    if (typeof text === 'string' && text.length > limits.maxTextLength) return this.error('TEXT_TOO_LONG', ref);
    const parsed = ClientFrame.safeParse(json);
    if (!parsed.success) return this.refuse('INVALID_FRAME', ref);
    const frame = parsed.data;
    if (frame.type === 'ping') return this.send({ type: 'pong', ...(frame.id !== undefined ? { id: frame.id } : {}) });
    if (frame.type === 'hello') return this.hello(frame.token, frame.after);
    if (!this.sessionId) return this.error('HELLO_REQUIRED', ref);
    return this.message(this.sessionId, frame);
  }

  private async hello(token: string | null | undefined, after: string | null | undefined): Promise<void> {
    if (this.sessionId) return this.error('INVALID_FRAME');
    let sessionId: string;
    if (token) {
      const verified = this.host.verifyToken(token);
      if (!verified) return this.error('INVALID_SESSION');
      sessionId = verified;
    } else {
      const created = this.host.newSession(this.ip);
      if ('retryAfterMs' in created) return this.error('RATE_LIMITED', { retryAfterMs: created.retryAfterMs });
      sessionId = created.sessionId;
    }
    const history = await this.host.history(sessionId, token ? after : null);
    this.sessionId = sessionId;
    this.host.join(sessionId, this);
    this.send({
      type: 'welcome',
      protocol: protocolVersion,
      token: this.host.issueToken(sessionId),
      history,
      limits: this.host.limits,
    });
  }

  private async message(sessionId: string, frame: MessageFrame): Promise<void> {
    const wait = this.host.takeMessageToken(sessionId);
    if (wait > 0) return this.error('RATE_LIMITED', { ref: frame.id, retryAfterMs: wait });
    const attachments = frame.attachments ?? [];
    if (
      attachments.length > 0 &&
      !(await this.host.ownsUploads(
        sessionId,
        attachments.map((a) => a.ref),
      ))
    ) {
      return this.error('INVALID_FRAME', { ref: frame.id });
    }
    const receivedAt = this.host.now();
    let result: { duplicate: boolean; messageId: string; busy?: boolean };
    try {
      result = await this.host.receive({
        entityId: this.host.entityId,
        channel: 'web',
        senderId: sessionId,
        // Namespaced by session: a client id chosen by one browser can never collide with another's.
        channelMessageId: `${sessionId}:${frame.id}`,
        ...(frame.text !== undefined ? { text: frame.text } : {}),
        ...(frame.payload !== undefined ? { payload: frame.payload } : {}),
        attachments,
        receivedAt,
      });
    } catch (error) {
      this.host.logger.error({ err: error, sessionId }, 'widget message could not be stored');
      return this.error('INTERNAL', { ref: frame.id });
    }
    this.send({ type: 'ack', id: frame.id, messageId: result.messageId, duplicate: result.duplicate });
    if (result.duplicate) return;
    // This tab only: it is the one waiting; the answer itself reaches every tab.
    if (result.busy) this.send({ type: 'busy', id: frame.id, message: busyMessage });
    const echo = inboundToWidget(result.messageId, frame.text ?? '', attachments, frame.id, receivedAt);
    this.host.broadcast(sessionId, { type: 'message', message: echo });
    this.host.broadcast(sessionId, { type: 'typing', active: true });
  }
}

function clientRef(id: unknown): { ref?: string } {
  return typeof id === 'string' && clientIdPattern.test(id) ? { ref: id } : {};
}

/** The client id of an oversized frame (not parsed whole), so the widget can mark which message was refused. */
function refOf(raw: Buffer): { ref?: string } {
  return clientRef(/"id"\s*:\s*"([^"]*)"/.exec(raw.subarray(0, 4096).toString('utf8'))?.[1]);
}
