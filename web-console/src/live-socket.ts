import { parseLiveFrame, reconnectDelay } from './live-frame.js';
import type { LiveFrame } from './types.js';

export type LiveState = 'connecting' | 'open' | 'waiting' | 'stopped';

export interface LiveEvents {
  frame(frame: Exclude<LiveFrame, { type: 'ping' }>): void;
  state(state: LiveState): void;
  /** The socket (re)opened: events may have been missed while it was down, so the views reload. */
  opened(): void;
  /** 4001: the session is gone. */
  signedOut(): void;
}

/** Server pings every 30 s; two missed pings means the socket is dead even if the browser has not noticed. */
const SILENCE_LIMIT_MS = 75_000;

/** The console's live connection: reconnects with backoff and answers the server's pings. */
export class LiveSocket {
  private socket: WebSocket | null = null;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private silenceTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly events: LiveEvents,
  ) {
    window.addEventListener('online', () => {
      if (this.retryTimer !== undefined) this.connect();
    });
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.drop();
    this.events.state('stopped');
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.drop();
    this.events.state('connecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url);
    } catch {
      this.retry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.attempts = 0;
      this.heard();
      this.events.state('open');
      this.events.opened();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket || typeof event.data !== 'string') return;
      this.heard();
      const frame = parseLiveFrame(event.data);
      if (!frame) return;
      if (frame.type === 'ping') socket.send(JSON.stringify({ type: 'pong' }));
      else this.events.frame(frame);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.drop();
      if (event.code === 4001) {
        this.stopped = true;
        this.events.state('stopped');
        this.events.signedOut();
      } else if (!this.stopped) {
        this.retry();
      }
    };
  }

  private retry(): void {
    const delay = reconnectDelay(this.attempts);
    this.attempts += 1;
    this.events.state('waiting');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private heard(): void {
    clearTimeout(this.silenceTimer);
    this.silenceTimer = setTimeout(() => {
      if (this.socket && !this.stopped) {
        this.drop();
        this.retry();
      }
    }, SILENCE_LIMIT_MS);
  }

  private drop(): void {
    clearTimeout(this.silenceTimer);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onclose = null;
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }
}
