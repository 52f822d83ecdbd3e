import type { LocalDate } from '../cases/local-date.js';

/**
 * The shapes of the service and satisfaction reports. The console's dashboard, the CLI (`ventanilla report
 * service|satisfaction`) and the API all give these same objects, so a figure means the same wherever it is read.
 * Durations are whole seconds; shares are fractions from 0 to 1 (null when there is nothing to divide by).
 */

export interface ReportPeriod {
  /** First Colombian calendar day included. */
  from: LocalDate;
  /** Last Colombian calendar day included. */
  to: LocalDate;
}

/** One line of a breakdown; `key` is the stored value, `label` what people read. */
export interface CountRow {
  key: string;
  label: string;
  count: number;
}

/**
 * Median (the middle value, or the mean of the two middle ones) and 90th percentile (nearest rank: the value at
 * position ceil(0.9·n) of the sorted list), so every figure can be checked by hand.
 */
export interface DurationStats {
  count: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
}

export interface ServiceReport {
  entityName: string | null;
  period: ReportPeriod;
  /** When the figures were read (ISO instant): `waiting` is as of then. */
  generatedAt: string;
  conversations: {
    /** Conversations the citizen started in the period (the first message is theirs, not a notice or a survey). */
    total: number;
    byChannel: CountRow[];
    /** Of `total`, those that never asked for a person. */
    botOnly: number;
    /** Of `total`, those with at least one handoff request (queued, attended, left or out of hours). */
    withHandoff: number;
    /** botOnly / total. */
    botResolvedShare: number | null;
    /** withHandoff / total. */
    handoffRate: number | null;
  };
  handoffs: {
    /** Handoff requests queued in the period. */
    requested: number;
    /** Of those, taken by an agent. */
    attended: number;
    /** Of those, the citizen left the queue before an agent took it. */
    abandoned: number;
    /** Of those, still waiting in the queue now. */
    waiting: number;
    /**
     * Of those, closed without an agent ever taking them (office hours ended while queued). attended + abandoned +
     * waiting + closedUnattended = requested.
     */
    closedUnattended: number;
    byArea: CountRow[];
    byChannel: CountRow[];
    /** From entering the queue to an agent taking it. */
    waitToAgent: DurationStats;
    /** From entering the queue to the agent's first reply. */
    firstResponse: DurationStats;
  };
  /** Citizens served at counters and on the phone (what officials logged, and petitions filed there). */
  counterAndPhone?: CounterAndPhoneReport;
  /** Questions the knowledge base could not answer (or whose answer did not help), last asked in the period. */
  unanswered: {
    total: number;
    items: UnansweredRow[];
  };
}

export interface CounterAndPhoneReport {
  /** contacts + petitions. */
  total: number;
  /** Phone calls and counter visits logged without a petition. */
  contacts: number;
  /** Petitions filed by an official at a counter or on the phone. */
  petitions: number;
  /** presencial and telefono, always listed. */
  byChannel: CountRow[];
  byOffice: CountRow[];
  /** What the logged contacts were about (petitions are counted in the PQRSD report). */
  byTopic: CountRow[];
}

export interface UnansweredRow {
  /** One original wording. */
  question: string;
  count: number;
  /** unknown | not-helpful */
  reason: string;
  reasonLabel: string;
  /** For not-helpful: the knowledge entry that was shown. */
  entryKey: string | null;
  lastAskedOn: LocalDate;
  resolved: boolean;
}

export interface SatisfactionReport {
  entityName: string | null;
  period: ReportPeriod;
  runs: {
    /** Surveys sent in the period. */
    sent: number;
    answered: number;
    skipped: number;
    expired: number;
    /** Still waiting for the citizen. */
    pending: number;
    /** answered / sent. */
    responseRate: number | null;
  };
  /** Per moment the survey was sent: bot_end | agent_close | case_answered. */
  byTrigger: SurveyGroupRow[];
  /** Per channel: chat channels, and presencial / telefono for office survey pages and counter cases. */
  byChannel: SurveyGroupRow[];
  /** Per office or counter (settings.oficinas), for surveys answered on an office's page; every office listed. */
  byOffice: SurveyGroupRow[];
  /** Per agent, for surveys sent after an agent closed a conversation. Agents are staff: their names are shown. */
  byAgent: SurveyGroupRow[];
  /**
   * CSAT: the share of answers to the satisfaction questions (each survey's question marked `csat: true`, or its
   * first `escala` question) that are 4 or 5.
   */
  csat: { responses: number; satisfied: number; share: number | null; averageScore: number | null };
  questions: QuestionRow[];
  /** Free comments of the period, newest first (at most 200). */
  comments: CommentRow[];
}

export interface SurveyGroupRow {
  key: string;
  label: string;
  sent: number;
  answered: number;
  /** CSAT answers and share within this group. */
  csatResponses: number;
  csatShare: number | null;
}

export interface QuestionRow {
  surveyId: string;
  surveyTitle: string;
  questionId: string;
  text: string;
  /** escala | si_no | opciones | texto */
  type: string;
  isCsat: boolean;
  responses: number;
  /** Mean of the numeric answers (1–5; yes = 1, no = 0; an option's puntaje); null for comments. */
  averageScore: number | null;
  /** How many gave each answer, in the question's order; empty for comments. */
  distribution: CountRow[];
}

export interface CommentRow {
  answeredAt: string;
  surveyTitle: string;
  /** The stored channel (web, whatsapp…); `channelLabel` in pqrsd-report.ts gives what people read. */
  channel: string;
  text: string;
}

/** A table as every output shows it: the dashboard, its CSV downloads and the CLI's CSV. */
export interface ReportTable {
  /** Stable id, used in the CSV download's address and file name. */
  id: string;
  title: string;
  columns: { key: string; label: string }[];
  rows: (string | number | null)[][];
}
