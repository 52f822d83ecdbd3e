import type { Logger } from 'pino';
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { DriverQuery, RunInDriverTransaction } from '../db/driver-transaction.js';
import type { FlowBundle } from '../flows/index.js';
import type { InboundMessage, OutboundMessageInput } from '../lib/messages.js';
import type { Transcriber } from '../transcription/transcriber.js';
import type { ActionRegistry } from './action-registry.js';
import type { ChannelAdapter } from './channel-adapter.js';
import type { JobScheduler } from './job-scheduler.js';
import type { Outbox } from './outbox.js';
import type { FirstReading } from './first-reading.js';
import { defineJobKind } from './job-kind.js';

/** The bot's idle timer: the conversation closes when the citizen says nothing for the flows' idle minutes. */
export const idleJobKind = defineJobKind('conversation.idle', z.object({ conversationId: z.string().min(1) }));

/** A conversation waiting for or held by a person (status 'handoff'). */
export interface HeldConversation {
  id: string;
  entityId: string;
  contactId: string;
  channel: string;
}

/**
 * Where messages of conversations in the hands of people go instead of the flows (the handoff service). The bot
 * says nothing on its own there: only what this returns (the place in the queue, confirming the citizen left it).
 */
export interface HeldConversations {
  onCitizenMessage(
    conversation: HeldConversation,
    message: { id: string; text?: string; payload?: string; attachments: InboundMessage['attachments'] },
  ): Promise<OutboundMessageInput[]>;
  /** The bot said something in a held conversation (a safety message): the agent must see it as it happens. */
  onBotMessages?(conversation: HeldConversation, messageIds: string[]): void;
}

export interface EngineDeps {
  prisma: Db;
  /** Recovery reads only this entity's stored messages when one process serves several entities. */
  entityId?: string;
  /** The turn's writes run here, on the driver, in one transaction (Database.driverTransaction). */
  driverTransaction: RunInDriverTransaction;
  /** The turn's hot reads (Database.driverQuery). */
  driverQuery: DriverQuery;
  logger: Logger;
  /** The current valid flows; a reload swaps what this returns. */
  flows: () => FlowBundle;
  actions: ActionRegistry;
  adapters: ReadonlyMap<string, ChannelAdapter>;
  outbox: Outbox;
  jobs: JobScheduler;
  /** Conversations with people; without it a conversation never leaves the bot. */
  held?: HeldConversations;
  /**
   * Several instances share the database (PostgreSQL): a conversation's turns are claimed with a short lock in its
   * row, so two instances never run them at once. One process (SQLite) needs no lock: the in-process queue orders.
   */
  exclusive?: { instanceId: string; lockMs?: number };
  /** Speech to text for voice notes (TRANSCRIPTION_URL); without it citizens are asked to write. */
  transcriber?: Transcriber;
  /**
   * Conversations processed at once (TurnGate); the others wait, their messages already stored and acknowledged.
   * Database connections bound it: one SQLite connection serialises everything anyway; PostgreSQL has its pool.
   */
  turnConcurrency?: number;
  /** Per channel: a reading that may answer a message arriving at the start of a conversation by itself (email). */
  firstReadings?: ReadonlyMap<string, FirstReading>;
  now?: () => Date;
}
