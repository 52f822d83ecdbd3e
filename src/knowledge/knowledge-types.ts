import type { KbEntry } from './kb-entry.js';
import type { MatcherOptions } from './matcher.js';
import type { UnknownReason } from './match-result.js';

/** Why a question is in the misses list: nothing matched, or the citizen said the answer did not help. */
export type MissReason = 'unknown' | 'not-helpful';

export interface KnowledgeOption {
  id: string;
  title: string;
}

/** What a lookup found, with what a flow needs to show it. */
export type KnowledgeLookup =
  | {
      kind: 'answer';
      entry: KbEntry;
      confidence: number;
      /** The next most likely entries, for a "no me sirvió" follow-up. */
      alternatives: KnowledgeOption[];
      /**
       * Set when the question followed up on the previous entry ("¿y cuánto vale?"): the part of the entry's answer
       * that addresses it, to show instead of the whole answer.
       */
      passage?: string;
    }
  /** Two or more entries are about as likely: the flow asks which one. */
  | { kind: 'clarify'; options: KnowledgeOption[] }
  | {
      kind: 'unknown';
      reason: UnknownReason | 'not-found';
      /** Who handles it when another entity does (Registraduría, DIAN…). */
      redirect?: string;
      /**
       * Worth an editor's attention (recorded as a miss by `kb.lookup`): a question about something, not a greeting,
       * thanks or chit-chat made only of small-talk words, and not an empty message.
       */
      gap: boolean;
    };

export interface MissRecord {
  /** One original wording. Personal data: show it to editors, never log it. */
  question: string;
  normalized: string;
  count: number;
  reason: MissReason;
  /** For not-helpful: the entry that was shown. */
  entryId: string | null;
  firstAskedAt: Date;
  lastAskedAt: Date;
  resolvedAt: Date | null;
}

export interface LookupOptions {
  /** Id of the entry this citizen was just given, so that "¿y cuánto vale?" is read as a question about it. */
  previous?: string;
}

export interface KnowledgeServiceOptions {
  matcher?: MatcherOptions;
  /**
   * How often (ms) a lookup checks whether another process (`ventanilla kb import`, `kb synonyms add`) changed the
   * knowledge base; 0 checks at every lookup. Changes made through this instance apply at once regardless.
   */
  freshnessMs?: number;
  /** Lowest probability of an entry offered as an alternative after an answer. */
  alternativeFloor?: number;
  maxAlternatives?: number;
  /** Most entries offered when asking "which one?" (the matcher decides how many are worth offering). */
  maxClarifyOptions?: number;
  now?: () => Date;
}

export interface SeedResult {
  seeded: boolean;
  entries: number;
  synonyms: number;
}

/** Who made a change to the knowledge base, for its version history. */
export interface KnowledgeActor {
  /** The staff member; null for the command line and the first load from files. */
  id: string | null;
  name: string;
}

export const COMMAND_LINE_ACTOR: KnowledgeActor = { id: null, name: 'Línea de comandos' };
export const FILES_ACTOR: KnowledgeActor = { id: null, name: 'Carga inicial desde archivos' };

/** An import or synonym change the service refused; `errors` are in Spanish, one per problem, naming the row. */
export class KnowledgeValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
    this.name = 'KnowledgeValidationError';
  }
}
