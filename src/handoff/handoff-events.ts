import { LocalEventBus, type EventBus } from '../lib/event-bus.js';
import type { HandoffEvent } from './handoff-api.js';

const topic = 'handoff';
/** A message event bigger than this travels with its text cut: the console reads the whole transcript on opening. */
const maxTextInEvent = 2000;

/**
 * Fan-out of handoff events to the console's WebSocket connections, on every instance (the event bus is PostgreSQL
 * LISTEN/NOTIFY with several instances, memory otherwise). A listener that throws never stops the others.
 */
export class HandoffEvents {
  constructor(private readonly bus: EventBus = new LocalEventBus()) {}

  subscribe(listener: (event: HandoffEvent) => void): () => void {
    return this.bus.subscribe(topic, (payload) => listener(payload as HandoffEvent));
  }

  emit(event: HandoffEvent, onError: (error: unknown) => void): void {
    this.bus.publish(topic, fitForBus(event)).catch(onError);
  }
}

function fitForBus(event: HandoffEvent): HandoffEvent {
  if (event.type !== 'message' || event.message.text.length <= maxTextInEvent) return event;
  return { ...event, message: { ...event.message, text: `${event.message.text.slice(0, maxTextInEvent)}…` } };
}
