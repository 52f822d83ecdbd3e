import { EventEmitter } from 'node:events';

/**
 * Live events between the parts of a deployment (a widget message for a tab held by another instance, a console
 * update). Delivery is best effort and at most once: anything that must not be lost is in the database first, and
 * events only say "look again" or carry a copy of what is already stored.
 */
export interface EventBus {
  publish(topic: string, payload: unknown): Promise<void>;
  subscribe(topic: string, listener: (payload: unknown) => void): () => void;
  close(): Promise<void>;
}

/** One process (SQLite, tests): events stay in memory. */
export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  async publish(topic: string, payload: unknown): Promise<void> {
    this.emit(topic, payload);
  }

  /** Delivers to this process's listeners; a listener that throws does not keep the others from the event. */
  emit(topic: string, payload: unknown): void {
    for (const listener of this.emitter.listeners(topic)) {
      try {
        (listener as (p: unknown) => void)(payload);
      } catch {
        // A listener's own failure is its business (they log); the bus keeps delivering.
      }
    }
  }

  subscribe(topic: string, listener: (payload: unknown) => void): () => void {
    this.emitter.on(topic, listener);
    return () => this.emitter.off(topic, listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}
