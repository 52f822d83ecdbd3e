import { backoffDelay } from './backoff.js';
import { isRecord, type QueuedMessage, type UploadedAttachment } from './protocol.js';

/** The part of the Web Storage API the queue needs; tests pass a Map-backed fake. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface OfflineQueueOptions {
  store: KeyValueStore;
  key: string;
  /** Sends one message; false when there is no open connection to send it on. */
  send: (message: QueuedMessage) => boolean;
}

export type Refusal = 'retry' | 'dropped';

/**
 * Refusals that say "not now" rather than "never": the same message may succeed later. HELLO_REQUIRED cannot
 * happen while messages wait for `welcome`, but if it did, the message would be fine on the next try.
 */
const RETRYABLE = new Set(['RATE_LIMITED', 'INTERNAL', 'HELLO_REQUIRED']);

/**
 * The citizen's messages until the server acknowledges them. Every message goes through here, online or not, so a
 * reload, a dropped connection or a closed laptop lose nothing. Messages leave one at a time and in order (the
 * protocol asks for it, and it keeps a rate-limited or failing message ahead of the ones typed after it).
 *
 * Storage is the source of truth and is read on every operation, so two tabs of the same portal do not overwrite
 * each other's additions; a message both tabs send is stored once because the server deduplicates by id.
 */
export class OfflineQueue {
  private connected = false;
  private inFlight: string | null = null;
  private holdTimer: ReturnType<typeof setTimeout> | undefined;
  private internalFailures = 0;

  constructor(private readonly options: OfflineQueueOptions) {}

  list(): QueuedMessage[] {
    let data: unknown;
    try {
      data = JSON.parse(this.options.store.getItem(this.options.key) ?? '[]');
    } catch {
      return [];
    }
    return Array.isArray(data) ? data.flatMap((item) => toQueued(item) ?? []) : [];
  }

  get inFlightId(): string | null {
    return this.inFlight;
  }

  add(message: QueuedMessage): void {
    const items = this.list();
    if (items.some((item) => item.id === message.id)) return;
    this.save([...items, message]);
    this.pump();
  }

  /** The connection is ready (after `welcome`): whatever was in flight on the old one goes again. */
  onConnected(): void {
    this.connected = true;
    this.inFlight = null;
    this.pump();
  }

  onDisconnected(): void {
    this.connected = false;
    this.inFlight = null;
    this.clearHold();
  }

  onAck(id: string): void {
    this.remove(id);
    if (this.inFlight === id) this.inFlight = null;
    this.internalFailures = 0;
    this.pump();
  }

  /**
   * The server refused message `id`. Rate limits and internal errors keep it at the head of the queue and send it
   * again later; any other refusal would repeat itself, so the message is dropped and the caller shows why.
   */
  onRefused(id: string, code: string, retryAfterMs: number | null): Refusal {
    if (this.inFlight === id) this.inFlight = null;
    if (RETRYABLE.has(code)) {
      const wait = code === 'RATE_LIMITED' ? (retryAfterMs ?? 1000) : backoffDelay(this.internalFailures++);
      this.clearHold();
      this.holdTimer = setTimeout(() => {
        this.holdTimer = undefined;
        this.pump();
      }, wait);
      return 'retry';
    }
    this.remove(id);
    this.pump();
    return 'dropped';
  }

  remove(id: string): void {
    const items = this.list();
    const kept = items.filter((item) => item.id !== id);
    if (kept.length !== items.length) this.save(kept);
  }

  /** Sends the oldest message if the line is free. Safe to call at any time. */
  pump(): void {
    if (!this.connected || this.inFlight !== null || this.holdTimer !== undefined) return;
    const next = this.list()[0];
    if (next && this.options.send(next)) this.inFlight = next.id;
  }

  private clearHold(): void {
    if (this.holdTimer !== undefined) clearTimeout(this.holdTimer);
    this.holdTimer = undefined;
  }

  private save(items: QueuedMessage[]): void {
    if (items.length === 0) this.options.store.removeItem(this.options.key);
    else this.options.store.setItem(this.options.key, JSON.stringify(items));
  }
}

function toQueued(item: unknown): QueuedMessage | null {
  if (!isRecord(item) || typeof item.id !== 'string' || typeof item.createdAt !== 'string') return null;
  const message: QueuedMessage = { id: item.id, createdAt: item.createdAt };
  if (typeof item.text === 'string') message.text = item.text;
  if (typeof item.payload === 'string') message.payload = item.payload;
  if (Array.isArray(item.attachments)) message.attachments = item.attachments.filter(isUploaded);
  return message.text !== undefined || (message.attachments?.length ?? 0) > 0 ? message : null;
}

function isUploaded(value: unknown): value is UploadedAttachment {
  return isRecord(value) && typeof value.ref === 'string' && typeof value.fileName === 'string';
}
