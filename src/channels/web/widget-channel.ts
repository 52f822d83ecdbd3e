import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import type {
  ChannelAdapter,
  ChannelCapabilities,
  ChannelHost,
  InboundSink,
  SendContext,
  SendResult,
} from '../../core/channel-adapter.js';
import { ensureContact } from '../../core/ensure-contact.js';
import type { OutboundMessage } from '../../lib/messages.js';
import { RateLimiter } from '../../core/rate-limiter.js';
import type { Db } from '../../db/database.js';
import { uploadTypes } from '../../uploads/detect-file-type.js';
import type { StoredFiles } from '../../uploads/stored-files.js';
import { SessionTokens } from './session-token.js';
import { type ConnectionHost, WidgetConnection } from './widget-connection.js';
import { closeCodes, type ServerFrame, type WidgetLimits } from './widget-frames.js';
import { loadHistory, outboundToWidget, toWidgetMessage, webChannel } from './widget-history.js';
import { LocalEventBus, type EventBus } from '../../lib/event-bus.js';
import type { WidgetSettings } from './widget-settings.js';

export interface WidgetChannelOptions {
  entity: { id: string; slug: string; name: string };
  settings: WidgetSettings;
  prisma: Db;
  tokens: SessionTokens;
  files: StoredFiles;
  logger: Logger;
  limits?: Partial<Omit<WidgetLimits, 'upload'>> & { upload?: Partial<WidgetLimits['upload']> };
  /** New sessions one address may open per minute (a flood of visitors from one place is a script). */
  newSessionsPerMinute?: number;
  /** A connection silent this long is closed (code 4000); the widget reconnects when the citizen comes back. */
  idleMs?: number;
  /** How often connections are pinged and swept; 0 disables the timer (tests call sweep()). */
  sweepIntervalMs?: number;
  /**
   * Where pushes go so that every instance can reach its own sockets (PostgreSQL LISTEN/NOTIFY with several
   * instances); in memory by default.
   */
  bus?: EventBus;
  now?: () => Date;
}

/** A push for a session's tabs, small enough for NOTIFY; a big message travels as its stored id instead. */
type Push = { s: string; f: ServerFrame } | { s: string; id: string };
const pushTopic = 'widget.push';
const maxInlinePushBytes = 6000;

export const defaultWidgetLimits: WidgetLimits = {
  maxTextLength: 4000,
  maxFrameBytes: 16 * 1024,
  // A citizen tapping buttons fast sends about one a second; a script sends far more.
  messagesPerWindow: 15,
  windowSeconds: 15,
  upload: { maxBytes: 5 * 1024 * 1024, types: [...uploadTypes] },
};

/** A socket that never said hello is dropped after this long. */
const helloTimeoutMs = 15_000;

/**
 * The web widget's channel: the adapter the runtime sends through, and the registry of open sockets by session.
 * Sends are pushed to every open tab of the session; a tab that is offline gets them from history when it resumes,
 * so a send never waits for the browser (docs/widget-protocol.md).
 */
export class WidgetChannel implements ChannelAdapter, ConnectionHost {
  readonly channel = webChannel;
  readonly capabilities: ChannelCapabilities = {
    maxButtons: 10,
    maxTextLength: 4000,
    typingIndicator: true,
    attachments: true,
    showsAuthor: true,
  };
  readonly limits: WidgetLimits;
  readonly entityId: string;
  readonly logger: Logger;
  private sink: InboundSink | undefined;
  private readonly sessions = new Map<string, Set<WidgetConnection>>();
  private readonly connections = new Set<WidgetConnection>();
  private readonly messageLimiter: RateLimiter;
  private readonly sessionLimiter: RateLimiter;
  private readonly frameLimiter: RateLimiter;
  private timer: NodeJS.Timeout | undefined;
  private readonly clock: () => Date;
  private readonly bus: EventBus;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: WidgetChannelOptions) {
    this.entityId = options.entity.id;
    this.logger = options.logger;
    this.clock = options.now ?? (() => new Date());
    this.bus = options.bus ?? new LocalEventBus();
    this.limits = {
      ...defaultWidgetLimits,
      ...options.limits,
      upload: { ...defaultWidgetLimits.upload, ...options.limits?.upload },
    };
    const ms = () => this.clock().getTime();
    this.messageLimiter = new RateLimiter(this.limits.messagesPerWindow, this.limits.windowSeconds * 1000, ms);
    this.sessionLimiter = new RateLimiter(options.newSessionsPerMinute ?? 30, 60_000, ms);
    // Far above what a widget sends (messages are limited separately): only a flood reaches it.
    this.frameLimiter = new RateLimiter(Math.max(60, this.limits.messagesPerWindow * 4), 10_000, ms);
  }

  get settings(): WidgetSettings {
    return this.options.settings;
  }

  get entity() {
    return this.options.entity;
  }

  /** Open sockets, for readiness details and benchmarks. */
  get openConnections(): number {
    return this.connections.size;
  }

  async start(host: ChannelHost): Promise<void> {
    this.sink = host.receive;
    this.unsubscribe ??= this.bus.subscribe(pushTopic, (push) => {
      this.deliver(push as Push).catch((error: unknown) =>
        this.logger.warn({ err: error }, 'widget push not delivered'),
      );
    });
    const every = this.options.sweepIntervalMs ?? 30_000;
    if (every > 0 && !this.timer) {
      this.timer = setInterval(() => this.sweep(), every);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.sink = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    for (const c of this.connections) c.socket.close(closeCodes.goingAway, 'server restarting');
    await Promise.all([...this.connections].map((c) => c.settled()));
  }

  async send(recipientId: string, message: OutboundMessage, context?: SendContext): Promise<SendResult> {
    const id = context?.messageId ?? randomUUID();
    this.broadcast(recipientId, { type: 'message', message: outboundToWidget(id, message, this.clock()) });
    return { channelMessageId: id };
  }

  /** Takes a newly upgraded socket; the Origin was already checked by the route. */
  accept(socket: WebSocket, ip: string): WidgetConnection {
    const connection = new WidgetConnection(socket, ip, this);
    this.connections.add(connection);
    socket.on('close', () => this.leave(connection));
    return connection;
  }

  /**
   * Pings every socket and drops the dead ones (no pong since the last ping), the idle ones (code 4000) and the ones
   * that never said hello. One timer for all sockets keeps thousands of idle connections cheap.
   */
  sweep(): void {
    const now = this.clock().getTime();
    const idleMs = this.options.idleMs ?? 30 * 60_000;
    for (const c of this.connections) {
      if (!c.alive) {
        this.leave(c);
        c.socket.terminate();
        continue;
      }
      if ((!c.sessionId && now - c.openedAt > helloTimeoutMs) || now - c.lastFrameAt > idleMs) {
        // Forgotten at once: the closing handshake may take a while and a closing socket gets nothing more.
        this.leave(c);
        c.socket.close(closeCodes.idle, c.sessionId ? 'idle' : 'no hello');
        continue;
      }
      c.alive = false;
      c.socket.ping();
    }
    this.messageLimiter.sweep();
    this.sessionLimiter.sweep();
    this.frameLimiter.sweep();
  }

  // ConnectionHost

  now(): Date {
    return this.clock();
  }

  newSession(ip: string): { sessionId: string } | { retryAfterMs: number } {
    const wait = this.sessionLimiter.take(ip);
    return wait > 0 ? { retryAfterMs: wait } : { sessionId: SessionTokens.newSessionId() };
  }

  verifyToken(token: string): string | undefined {
    return this.options.tokens.verify(token, this.entityId)?.sessionId;
  }

  issueToken(sessionId: string): string {
    return this.options.tokens.issue(this.entityId, sessionId);
  }

  /** Whether a session token is valid for this entity (the upload route's check). */
  sessionOf(token: string | undefined): string | undefined {
    return token ? this.verifyToken(token) : undefined;
  }

  history(sessionId: string, after: string | null | undefined) {
    return loadHistory(this.options.prisma, this.entityId, sessionId, after);
  }

  join(sessionId: string, connection: WidgetConnection): void {
    let set = this.sessions.get(sessionId);
    if (!set) this.sessions.set(sessionId, (set = new Set()));
    set.add(connection);
  }

  takeMessageToken(sessionId: string): number {
    return this.messageLimiter.take(sessionId);
  }

  takeFrameToken(connection: WidgetConnection): number {
    return this.frameLimiter.take(connection.id);
  }

  async ownsUploads(sessionId: string, refs: string[]): Promise<boolean> {
    const contactId = await this.contactOf(sessionId);
    return this.options.files.allOwnedBy(this.entityId, contactId, refs);
  }

  /** The contact behind a session, created on first use (an upload can come before the first message). */
  contactOf(sessionId: string): Promise<string> {
    return ensureContact(this.options.prisma, this.entityId, webChannel, sessionId);
  }

  /** The contact behind a session if it ever wrote or uploaded; never creates one (a download needs a file of theirs). */
  async knownContactOf(sessionId: string): Promise<string | undefined> {
    const identity = await this.options.prisma.contactIdentity.findUnique({
      where: { entityId_channel_externalId: { entityId: this.entityId, channel: webChannel, externalId: sessionId } },
      select: { contactId: true },
    });
    return identity?.contactId;
  }

  receive(message: Parameters<InboundSink>[0]): ReturnType<InboundSink> {
    if (!this.sink) return Promise.reject(new Error('the web channel is not started'));
    return this.sink(message);
  }

  /** To every open tab of the session, on whichever instance holds it. */
  broadcast(sessionId: string, frame: ServerFrame): void {
    let push: Push = { s: sessionId, f: frame };
    if (frame.type === 'message' && Buffer.byteLength(JSON.stringify(frame)) > maxInlinePushBytes)
      push = { s: sessionId, id: frame.message.id };
    this.bus.publish(pushTopic, push).catch((error: unknown) => {
      // The other instances miss it (their tabs catch up from history on resume); this one still delivers.
      this.logger.warn({ err: error }, 'widget push not published to other instances');
    });
  }

  private async deliver(push: Push): Promise<void> {
    const set = this.sessions.get(push.s);
    if (!set || set.size === 0) return;
    let frame: ServerFrame;
    if ('f' in push) frame = push.f;
    else {
      const row = await this.options.prisma.message.findFirst({ where: { id: push.id, entityId: this.entityId } });
      if (!row) return;
      frame = { type: 'message', message: toWidgetMessage(row) };
    }
    for (const c of set) c.send(frame);
  }

  private leave(connection: WidgetConnection): void {
    this.connections.delete(connection);
    const id = connection.sessionId;
    if (!id) return;
    const set = this.sessions.get(id);
    set?.delete(connection);
    if (set?.size === 0) this.sessions.delete(id);
  }
}
