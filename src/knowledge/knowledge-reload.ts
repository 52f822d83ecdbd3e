import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../lib/event-bus.js';

/** Published after every change made through the console: every instance rebuilds that entity's matcher. */
export const KNOWLEDGE_CHANGED = 'knowledge.changed';

/** This process; an instance has already rebuilt its own matcher when it publishes, so it skips its own events. */
export const PROCESS_INSTANCE: string = randomUUID();

interface Changed {
  entityId: string;
  from: string;
}

function isChanged(payload: unknown): payload is Changed {
  if (payload === null || typeof payload !== 'object') return false;
  const { entityId, from } = payload as Record<string, unknown>;
  return typeof entityId === 'string' && typeof from === 'string';
}

export function announceKnowledgeChange(bus: EventBus, entityId: string, from = PROCESS_INSTANCE): Promise<void> {
  return bus.publish(KNOWLEDGE_CHANGED, { entityId, from } satisfies Changed);
}

/**
 * Rebuilds a knowledge service's matcher when another instance changed its entity's base, so running conversations
 * everywhere get the change at once instead of at the next freshness check. Returns the unsubscribe function.
 */
export function followKnowledgeChanges(
  bus: EventBus,
  service: { entityId: string; refresh(): Promise<void> },
  logger: Logger,
  self = PROCESS_INSTANCE,
): () => void {
  return bus.subscribe(KNOWLEDGE_CHANGED, (payload) => {
    if (!isChanged(payload) || payload.entityId !== service.entityId || payload.from === self) return;
    logger.info({ entityId: service.entityId }, 'knowledge base changed on another instance: reloading');
    service.refresh().catch((error: unknown) => {
      logger.error({ err: error, entityId: service.entityId }, 'knowledge reload failed');
    });
  });
}
