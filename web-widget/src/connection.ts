import { backoffDelay } from './backoff.js';
import { parseServerFrame, type ClientFrame, type ServerFrame } from './protocol.js';

/**
 * dormant: never started (no socket until the citizen needs one); connecting: socket opening or waiting for
 * `welcome`; open: welcomed; waiting: a retry is scheduled; idle: the server closed an unused session (4000) and we
 * come back when the citizen does; stopped: the chat is not available on this site (4003, 4004).
 */
export type ConnectionState = 'dormant' | 'connecting' | 'open' | 'waiting' | 'idle' | 'stopped';

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
}

export interface ConnectionEvents {
  frame(frame: ServerFrame): void;
  /** `troubled`: the connection was lost or could not be made, so the citizen should hear about it. */
  state(state: ConnectionState, troubled: { attempts: number; lostOnce: boolean }): void;
  /** The server refused the token (4001): the old conversation is gone and a fresh one is being opened. */
  sessionReset(): void;
}

const PING_EVERY_MS = 25_000;
/** How long a sent frame may go without any frame back before the socket is taken for dead (half-open). */
const SILENCE_LIMIT_MS = 10_000;
/** Opening the socket plus `welcome`. */
const HANDSHAKE_LIMIT_MS = 15_000;

const CLOSE_FOR_FATAL_CODE: Record<string, number> = {
  INVALID_SESSION: 4001,
  ORIGIN_NOT_ALLOWED: 4003,
  ENTITY_NOT_FOUND: 4004,
};

export class Connection {
  private socket: WebSocket | null = null;
  private current: ConnectionState = 'dormant';
  private attempts = 0;
  private lostOnce = false;
  private renewingSession = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  /** A fatal error frame precedes its close; remembered in case a proxy rewrites the close code. */
  private fatalCode: string | null = null;

  constructor(
    private readonly url: string,
    private readonly token: TokenStore,
    private readonly afterId: () => string | null,
    private readonly events: ConnectionEvents,
  ) {
    window.addEventListener('online', () => {
      this.emitState();
      this.retryNow(['waiting']);
    });
    window.addEventListener('offline', () => {
      this.emitState();
      // The socket may look open for minutes after the network is gone; a ping finds out within seconds.
      this.send({ type: 'ping' });
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.retryNow(['waiting', 'idle']);
    });
    // An open socket keeps the page out of the back/forward cache; close it on the way out, reopen on the way back.
    window.addEventListener('pagehide', () => {
      if (this.current === 'open' || this.current === 'connecting' || this.current === 'waiting') {
        clearTimeout(this.retryTimer);
        this.dropSocket();
        this.setState('idle');
      }
    });
    window.addEventListener('pageshow', (event) => {
      if (event.persisted) this.retryNow(['idle', 'waiting']);
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The citizen needs the chat (opened the panel, typed, sent): connect unless a connection is on its way. */
  wake(): void {
    this.retryNow(['dormant', 'idle']);
  }

  /** Sends a frame on the open connection; false when there is none (the caller keeps the message queued). */
  send(frame: ClientFrame): boolean {
    if (this.current !== 'open' || !this.socket) return false;
    try {
      this.socket.send(JSON.stringify(frame));
    } catch {
      return false;
    }
    this.expectAnswer(SILENCE_LIMIT_MS);
    return true;
  }

  private retryNow(from: ConnectionState[]): void {
    if (from.includes(this.current)) this.connect();
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.dropSocket();
    this.setState('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      // A Content-Security-Policy that forbids the server makes the constructor throw; retrying cannot fix that,
      // but backing off keeps the page quiet.
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    this.expectAnswer(HANDSHAKE_LIMIT_MS);
    socket.onopen = () => {
      const hello: ClientFrame = { type: 'hello' };
      const token = this.token.get();
      const after = this.afterId();
      if (token !== null) hello.token = token;
      if (after !== null) hello.after = after;
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      this.heardBack();
      const frame = parseServerFrame(event.data);
      if (!frame) return;
      if (frame.type === 'welcome') this.welcomed(frame.token);
      if (frame.type === 'error' && frame.fatal) this.fatalCode = frame.code;
      this.events.frame(frame);
      // An error instead of `welcome` (too many new sessions from this network): the hello was refused, try later.
      if (frame.type === 'error' && !frame.fatal && this.current === 'connecting')
        this.scheduleRetry(frame.retryAfterMs ?? 0);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket === socket) this.closed(event.code);
    };
  }

  private welcomed(token: string): void {
    this.token.set(token);
    this.attempts = 0;
    this.renewingSession = false;
    this.heardBack();
    this.setState('open');
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ type: 'ping' }), PING_EVERY_MS);
  }

  private closed(code: number): void {
    const fatal = this.fatalCode !== null ? CLOSE_FOR_FATAL_CODE[this.fatalCode] : undefined;
    const effective = code >= 4000 && code <= 4004 ? code : (fatal ?? code);
    this.fatalCode = null;
    this.dropSocket();
    if (effective === 4003 || effective === 4004) {
      this.setState('stopped');
    } else if (effective === 4000) {
      this.setState('idle');
    } else if (effective === 4001) {
      this.token.clear();
      this.events.sessionReset();
      // Straight away the first time; if even a fresh session is refused, back off like any other failure.
      if (this.renewingSession) {
        this.scheduleRetry();
      } else {
        this.renewingSession = true;
        this.connect();
      }
    } else {
      this.scheduleRetry();
    }
  }

  private scheduleRetry(atLeastMs = 0): void {
    this.lostOnce = true;
    this.dropSocket();
    const delay = Math.max(atLeastMs, backoffDelay(this.attempts));
    this.attempts += 1;
    this.setState('waiting');
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Arms the dead-connection check unless one is already running. */
  private expectAnswer(ms: number): void {
    if (this.silenceTimer !== undefined) return;
    this.silenceTimer = setTimeout(() => {
      this.silenceTimer = undefined;
      // A half-open socket may never fire `close`: forget it and retry without waiting for the browser.
      if (this.socket) this.scheduleRetry();
    }, ms);
  }

  private heardBack(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = undefined;
  }

  /** Detaches and closes the current socket; its late events can no longer change anything. */
  private dropSocket(): void {
    clearInterval(this.pingTimer);
    this.heardBack();
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    try {
      socket.close();
    } catch {
      // Already closing.
    }
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.emitState();
  }

  private emitState(): void {
    this.events.state(this.current, { attempts: this.attempts, lostOnce: this.lostOnce });
  }
}
