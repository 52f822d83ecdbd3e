import type { EventBus } from '../lib/event-bus.js';

/**
 * One entity's view of the deployment's event bus: its topics carry the entity's id, so a console of one entity never
 * hears another's handoffs and a widget push reaches only the entity's own sockets. Closing it leaves the shared bus
 * open; the server closes that once.
 */
export function entityBus(bus: EventBus, entityId: string): EventBus {
  const scoped = (topic: string) => `${entityId}:${topic}`;
  return {
    publish: (topic, payload) => bus.publish(scoped(topic), payload),
    subscribe: (topic, listener) => bus.subscribe(scoped(topic), listener),
    close: async () => undefined,
  };
}
