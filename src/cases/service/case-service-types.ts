import type { JobTimers } from '../../core/job-kind.js';
import type { Logger } from 'pino';
import type { Db } from '../../db/database.js';
import type { Attachment, OutboundTemplate } from '../../lib/messages.js';
import type { CaseClock } from '../deadlines/case-clock.js';
import type { LocalDate } from '../local-date.js';
import type { PqrsdSettings } from '../pqrsd-settings.js';
import type { CaseStatus } from './case-status.js';

/** A notice about a case for the citizen; the template lets channels with a reply window send it after 24 hours. */
export interface CaseNotice {
  text: string;
  template: OutboundTemplate;
  origin: { caseId: string };
  /** Files that go with the notice (the documents of an answer), as stored uploads of the entity. */
  attachments?: Attachment[];
}

export interface CitizenNotifier {
  notify(conversationId: string, notice: CaseNotice): Promise<void>;
}

/** Durable timers (the job scheduler implements it). */
export type CaseTimers = JobTimers;

export interface CaseServiceDeps {
  prisma: Db;
  entityId: string;
  settings: PqrsdSettings;
  logger: Logger;
  notifier?: CitizenNotifier;
  timers?: CaseTimers;
  /** Told once the answer's notice is on its way to the citizen (the satisfaction survey about that answer follows). */
  onAnswered?: (answered: { caseId: string; conversationId: string }) => Promise<void>;
  now?: () => Date;
}

export interface FiledCase {
  id: string;
  radicado: string;
  type: string;
  receivedAt: Date;
  dueDate: LocalDate;
  /** Anonymous filings only: the secret to follow the case, shown once. */
  lookupCode?: string;
  /** True when this filing turn had already filed the case (a re-run after a crash). */
  duplicate: boolean;
}

export interface CaseListFilter {
  type?: string;
  status?: string;
  dependency?: string;
  light?: string;
  from?: LocalDate;
  to?: LocalDate;
  limit?: number;
  offset?: number;
}

export type { Tx } from '../../db/database.js';

/** What one workflow step decides: the new columns, the history event, and what the citizen is told. */
export interface Change {
  data: Partial<{
    status: CaseStatus;
    dependency: string;
    clock: CaseClock;
    answer: string;
    answeredAt: Date;
    answerPublished: boolean;
    informationDenied: boolean;
    closedAt: Date | null;
    topic: string | null;
    referredTo: string;
    referredAt: Date;
  }>;
  event: { kind: string; data: Record<string, unknown> };
  citizenText?: string;
  /** Files sent with citizenText (an answer's documents). */
  citizenAttachments?: Attachment[];
  /** The clock to go back to when the notice could not go out: the change only counts once the citizen knows. */
  voidUnlessDelivered?: CaseClock;
}
