import type { Logger } from 'pino';
import type { JobTimers } from '../core/job-kind.js';
import type { OutboundMessageInput } from '../lib/messages.js';
import type { JsonValue } from '../lib/json-value.js';
import type { Db } from '../db/database.js';
import type { SurveysFile } from './survey-definitions.js';

/** What the survey service and its parts (runs, delivery, comments) need; `file` may change when editors publish. */
export interface SurveyServiceDeps {
  prisma: Db;
  entityId: string;
  logger: Logger;
  /** encuestas.yaml, checked; null: the entity sends no surveys. */
  file: SurveysFile | null;
  timers: JobTimers;
  conversations: {
    /** Starts a flow for the contact (ConversationEngine.begin): null when a person holds the conversation. */
    begin(
      contact: { entityId: string; contactId: string; channel: string },
      flowId: string,
      vars: Record<string, JsonValue>,
    ): Promise<string | null>;
    notify(conversationId: string, message: OutboundMessageInput): Promise<void>;
    /** Whether the current flows have this flow (an editor may have removed encuesta.yaml). */
    hasFlow(flowId: string): boolean;
  };
  now?: () => Date;
}
