import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { KbEntry, KbLink } from './kb-entry.js';
import { followUp } from './follow-up.js';
import { KB_CSV_COLUMNS, validateKbEntries } from './kb-file.js';
import { loadKbEntries, loadSynonyms } from './load-knowledge.js';
import type { MatchCandidate, MatchResult, UnknownReason } from './match-result.js';
import { KnowledgeMatcher } from './matcher.js';
import type { MatcherOptions } from './matcher.js';
import { normalizeText } from './normalize.js';
import { SynonymRule, SynonymSet } from './synonyms.js';
import type { SynonymList } from './synonyms.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';

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

/** An import or synonym change the service refused; `errors` are in Spanish, one per problem, naming the row. */
export class KnowledgeValidationError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
    this.name = 'KnowledgeValidationError';
  }
}

/** Longest normalised text kept as the grouping key of a miss (and longest sample). */
const MAX_MISS_KEY = 500;
const MAX_MISS_SAMPLE = 2000;

const STANDARD_KEYS = new Set<string>(KB_CSV_COLUMNS);

interface EntryRow {
  key: string;
  title: string;
  category: string;
  questions: unknown;
  answer: string;
  tags: unknown;
  links: unknown;
  dependency: string | null;
  extra: unknown;
}

interface Loaded {
  matcher: KnowledgeMatcher;
  entries: Map<string, KbEntry>;
  signature: string;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function rowToEntry(row: EntryRow): KbEntry {
  const extra = row.extra !== null && typeof row.extra === 'object' && !Array.isArray(row.extra) ? row.extra : {};
  return {
    ...(extra as Record<string, unknown>),
    id: row.key,
    title: row.title,
    category: row.category,
    questions: stringList(row.questions),
    answer: row.answer,
    tags: stringList(row.tags),
    ...(Array.isArray(row.links) ? { links: row.links as KbLink[] } : {}),
    ...(row.dependency !== null ? { dependency: row.dependency } : {}),
  };
}

function entryToRow(entityId: string, entry: KbEntry, position: number) {
  const extra = Object.fromEntries(Object.entries(entry).filter(([k]) => !STANDARD_KEYS.has(k)));
  return {
    entityId,
    key: entry.id,
    title: entry.title,
    category: entry.category,
    questions: entry.questions,
    answer: entry.answer,
    tags: entry.tags,
    ...(entry.links !== undefined ? { links: entry.links } : {}),
    dependency: entry.dependency ?? null,
    ...(Object.keys(extra).length > 0 ? { extra: extra as Record<string, string> } : {}),
    position,
  };
}

/**
 * One entity's knowledge base, stored in the database (KnowledgeEntry, KnowledgeSynonym) and answered from an
 * in-memory {@link KnowledgeMatcher}. The matcher is built on first use and rebuilt by {@link refresh}, which every
 * change made through this service calls, so an import or a new synonym applies without a restart. Changes made by
 * another process (the `ventanilla kb` commands) are noticed by a cheap check at most every `freshnessMs`.
 *
 * Citizens' questions are personal data: they are stored as misses for editors but never written to the logs.
 */
export class KnowledgeService {
  private loaded: Loaded | undefined;
  private loading: Promise<Loaded> | undefined;
  private checkedAt = 0;
  private generation = 0;
  private readonly options: Required<Omit<KnowledgeServiceOptions, 'matcher'>> & { matcher: MatcherOptions };

  constructor(
    private readonly prisma: Db,
    readonly entityId: string,
    private readonly logger: Logger,
    options: KnowledgeServiceOptions = {},
  ) {
    this.options = {
      matcher: options.matcher ?? {},
      freshnessMs: options.freshnessMs ?? 5000,
      alternativeFloor: options.alternativeFloor ?? 0.05,
      maxAlternatives: options.maxAlternatives ?? 3,
      maxClarifyOptions: options.maxClarifyOptions ?? 4,
      now: options.now ?? (() => new Date()),
    };
  }

  /** The matcher for the current knowledge base (built on first use, then cached). */
  async matcher(): Promise<KnowledgeMatcher> {
    return (await this.current()).matcher;
  }

  /** Rebuilds the matcher from the database (a load already under way may predate the change, so a new one starts). */
  async refresh(): Promise<void> {
    await this.startLoad();
  }

  async lookup(question: string, options: LookupOptions = {}): Promise<KnowledgeLookup> {
    const { matcher, entries } = await this.current();
    const previous = options.previous === undefined ? undefined : entries.get(options.previous);
    if (previous !== undefined) {
      const outcome = followUp(matcher, question, previous);
      if (outcome?.kind === 'passage') {
        return {
          kind: 'answer',
          entry: previous,
          confidence: outcome.confidence,
          alternatives: [],
          passage: outcome.passage,
        };
      }
      if (outcome?.kind === 'result') return this.toLookup(outcome.result, matcher, question, entries);
    }
    return this.toLookup(matcher.match(question), matcher, question, entries);
  }

  private toLookup(
    result: MatchResult,
    matcher: KnowledgeMatcher,
    question: string,
    entries: ReadonlyMap<string, KbEntry>,
  ): KnowledgeLookup {
    if (result.kind === 'unknown') {
      return {
        kind: 'unknown',
        reason: result.reason,
        ...(result.redirect !== undefined ? { redirect: result.redirect } : {}),
        gap: isGap(matcher, question, result.reason, result.redirect),
      };
    }
    if (result.kind === 'clarify') {
      const options = result.candidates
        .slice(0, Math.min(result.offered ?? 2, this.options.maxClarifyOptions))
        .map(optionOf);
      return { kind: 'clarify', options };
    }
    const entry = entries.get(result.best.id);
    if (entry === undefined) return { kind: 'unknown', reason: 'not-found', gap: false };
    return {
      kind: 'answer',
      entry,
      confidence: result.best.confidence,
      alternatives: this.alternatives(result.candidates, entry.id),
    };
  }

  /**
   * The entry the citizen picked from a list (clarify options or alternatives), with the question's other likely
   * entries as alternatives. `not-found` when the entry no longer exists (the knowledge base was replaced meanwhile).
   */
  async show(id: string, question?: string): Promise<KnowledgeLookup> {
    const { matcher, entries } = await this.current();
    const entry = entries.get(id);
    if (entry === undefined) return { kind: 'unknown', reason: 'not-found', gap: false };
    const candidates = question === undefined ? [] : matcher.match(question).candidates;
    return { kind: 'answer', entry, confidence: 1, alternatives: this.alternatives(candidates, id) };
  }

  async getEntry(id: string): Promise<KbEntry | undefined> {
    return (await this.current()).entries.get(id);
  }

  /**
   * Counts a question the assistant could not answer, grouped by its normalised text; asking again reopens a resolved
   * one. Returns false for a question with no words (nothing an editor could act on).
   */
  async recordMiss(question: string, reason: MissReason, entryId?: string): Promise<boolean> {
    const normalized = normalizeText(question).slice(0, MAX_MISS_KEY).trim();
    if (normalized === '') return false;
    const now = this.options.now();
    const where = { entityId_normalized: { entityId: this.entityId, normalized } };
    const update = {
      count: { increment: 1 },
      lastAskedAt: now,
      reason,
      entryKey: entryId ?? null,
      resolvedAt: null,
    };
    const create = {
      entityId: this.entityId,
      normalized,
      sample: question.trim().slice(0, MAX_MISS_SAMPLE),
      reason,
      entryKey: entryId ?? null,
      firstAskedAt: now,
      lastAskedAt: now,
    };
    try {
      await this.prisma.unansweredQuestion.upsert({ where, update, create });
    } catch (error) {
      // Two instances recording the same new question at once: the loser's insert hits the unique key; count it.
      if (!isUniqueViolation(error)) throw error;
      await this.prisma.unansweredQuestion.update({ where, data: update });
    }
    this.logger.debug({ entityId: this.entityId, reason }, 'knowledge miss recorded');
    return true;
  }

  /** Unanswered questions, most frequent first (then most recent). Resolved ones only when asked for. */
  async listMisses(options: { includeResolved?: boolean; limit?: number } = {}): Promise<MissRecord[]> {
    const rows = await this.prisma.unansweredQuestion.findMany({
      where: { entityId: this.entityId, ...(options.includeResolved ? {} : { resolvedAt: null }) },
      orderBy: [{ count: 'desc' }, { lastAskedAt: 'desc' }],
      take: options.limit ?? 100,
    });
    return rows.map((r) => ({
      question: r.sample,
      normalized: r.normalized,
      count: r.count,
      reason: r.reason === 'not-helpful' ? 'not-helpful' : 'unknown',
      entryId: r.entryKey,
      firstAskedAt: r.firstAskedAt,
      lastAskedAt: r.lastAskedAt,
      resolvedAt: r.resolvedAt,
    }));
  }

  /** Marks misses as dealt with (by their normalised text, as `listMisses` gives it). Returns how many changed. */
  async resolveMisses(normalized: readonly string[]): Promise<number> {
    const result = await this.prisma.unansweredQuestion.updateMany({
      where: { entityId: this.entityId, normalized: { in: [...normalized] }, resolvedAt: null },
      data: { resolvedAt: this.options.now() },
    });
    return result.count;
  }

  /**
   * Replaces the entity's whole knowledge base in one transaction: every entry is validated first, and any problem
   * (or a database failure halfway) leaves the previous knowledge base untouched.
   */
  async importEntries(entries: readonly KbEntry[]): Promise<{ count: number }> {
    const valid = validateKbEntries(entries);
    if (!valid.ok) throw new KnowledgeValidationError(valid.errors);
    const rows = valid.entries.map((entry, i) => entryToRow(this.entityId, entry, i));
    await this.prisma.$transaction(
      async (tx) => {
        await tx.knowledgeEntry.deleteMany({ where: { entityId: this.entityId } });
        if (rows.length > 0) await tx.knowledgeEntry.createMany({ data: rows });
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    this.logger.info({ entityId: this.entityId, entries: rows.length }, 'knowledge base imported');
    await this.refresh();
    return { count: rows.length };
  }

  /** The knowledge base in the interchange format, in the order it was imported. */
  async exportEntries(): Promise<KbEntry[]> {
    const rows = await this.prisma.knowledgeEntry.findMany({
      where: { entityId: this.entityId },
      orderBy: [{ position: 'asc' }, { key: 'asc' }],
    });
    return rows.map(rowToEntry);
  }

  /** Synonyms grouped by term, in the order they were added. */
  async listSynonyms(): Promise<SynonymList> {
    const rows = await this.prisma.knowledgeSynonym.findMany({
      where: { entityId: this.entityId },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    const byTerm = new Map<string, string[]>();
    for (const row of rows) {
      const phrases = byTerm.get(row.term) ?? [];
      phrases.push(row.phrase);
      byTerm.set(row.term, phrases);
    }
    return [...byTerm].map(([term, phrases]) => ({ term, phrases }));
  }

  /**
   * Teaches the assistant that citizens say `phrase` for `term` ("impuesto de la casa" → "predial"). Applies to the
   * next lookup. Returns false when that synonym already existed.
   */
  async addSynonym(term: string, phrase: string): Promise<{ added: boolean }> {
    const parsed = SynonymRule.safeParse({ term, phrases: [phrase] });
    if (!parsed.success) throw new KnowledgeValidationError(parsed.error.issues.map((i) => `${i.message}.`));
    const rule = parsed.data;
    const cleanPhrase = rule.phrases[0] as string;
    if (new SynonymSet([rule]).size === 0) {
      throw new KnowledgeValidationError([
        `La frase «${cleanPhrase}» solo tiene palabras que se ignoran (como «el», «de», «que»). Escriba la frase con sus palabras importantes.`,
      ]);
    }
    let added = true;
    try {
      await this.prisma.knowledgeSynonym.create({
        data: { entityId: this.entityId, term: rule.term, phrase: cleanPhrase },
      });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      added = false;
    }
    if (added) this.logger.info({ entityId: this.entityId }, 'knowledge synonym added');
    await this.refreshSynonyms();
    return { added };
  }

  /** Removes one phrase of a term. Returns false when there was no such synonym. */
  async removeSynonym(term: string, phrase: string): Promise<{ removed: boolean }> {
    const result = await this.prisma.knowledgeSynonym.deleteMany({
      where: { entityId: this.entityId, term: term.trim(), phrase: phrase.trim() },
    });
    await this.refreshSynonyms();
    return { removed: result.count > 0 };
  }

  /**
   * Loads the entity's content from files (flows/knowledge/kb.json and sinonimos.yaml) only while its knowledge base
   * is empty, so an editor's import is never overwritten by a restart. Synonyms are seeded with it when the entity
   * has none. A missing file is not an error: there is nothing to seed. A malformed one throws KnowledgeFileError.
   */
  async seedFromFiles(kbFile: string, synonymsFile?: string): Promise<SeedResult> {
    const none: SeedResult = { seeded: false, entries: 0, synonyms: 0 };
    if ((await this.prisma.knowledgeEntry.count({ where: { entityId: this.entityId } })) > 0) return none;
    if (!existsSync(kbFile)) return none;
    const entries = await loadKbEntries(kbFile);
    const synonyms = synonymsFile !== undefined && existsSync(synonymsFile) ? await loadSynonyms(synonymsFile) : [];
    const synonymRows = synonyms.flatMap((rule) =>
      [...new Set(rule.phrases)].map((phrase) => ({ entityId: this.entityId, term: rule.term, phrase })),
    );
    let synonymCount = 0;
    try {
      await this.prisma.$transaction(
        async (tx) => {
          // Checked again inside the transaction: another instance may have seeded (or an editor imported) meanwhile.
          if ((await tx.knowledgeEntry.count({ where: { entityId: this.entityId } })) > 0) throw new AlreadySeeded();
          await tx.knowledgeEntry.createMany({ data: entries.map((e, i) => entryToRow(this.entityId, e, i)) });
          if (
            (await tx.knowledgeSynonym.count({ where: { entityId: this.entityId } })) === 0 &&
            synonymRows.length > 0
          ) {
            await tx.knowledgeSynonym.createMany({ data: synonymRows });
            synonymCount = synonymRows.length;
          }
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
    } catch (error) {
      if (error instanceof AlreadySeeded || isUniqueViolation(error)) return none;
      throw error;
    }
    this.logger.info(
      { entityId: this.entityId, entries: entries.length, synonyms: synonymCount },
      'knowledge base seeded from files',
    );
    await this.refresh();
    return { seeded: true, entries: entries.length, synonyms: synonymCount };
  }

  private alternatives(candidates: readonly MatchCandidate[], except: string): KnowledgeOption[] {
    return candidates
      .filter((c) => c.id !== except && c.confidence >= this.options.alternativeFloor)
      .slice(0, this.options.maxAlternatives)
      .map(optionOf);
  }

  private async refreshSynonyms(): Promise<void> {
    const loaded = this.loaded;
    if (loaded === undefined || this.loading !== undefined) {
      await this.refresh();
      return;
    }
    // Same entries, new synonyms: the index is reused, only the synonym set is rebuilt.
    const generation = ++this.generation;
    const [signature, synonyms] = await Promise.all([this.signature(), this.listSynonyms()]);
    if (generation !== this.generation) return;
    const entriesPart = (sig: string) => sig.split(':').slice(0, 2).join(':');
    if (entriesPart(signature) !== entriesPart(loaded.signature)) {
      // The entries changed elsewhere too: rebuild everything.
      await this.refresh();
      return;
    }
    this.loaded = { ...loaded, matcher: loaded.matcher.withSynonyms(synonyms), signature };
    this.checkedAt = Date.now();
  }

  /** What changes whenever entries or synonyms do: counts and latest write times. */
  private async signature(): Promise<string> {
    const [entries, synonyms] = await Promise.all([
      this.prisma.knowledgeEntry.aggregate({
        where: { entityId: this.entityId },
        _count: { _all: true },
        _max: { updatedAt: true },
      }),
      this.prisma.knowledgeSynonym.aggregate({
        where: { entityId: this.entityId },
        _count: { _all: true },
        _max: { createdAt: true },
      }),
    ]);
    return [
      entries._count._all,
      entries._max.updatedAt?.getTime() ?? 0,
      synonyms._count._all,
      synonyms._max.createdAt?.getTime() ?? 0,
    ].join(':');
  }

  private async current(): Promise<Loaded> {
    const loaded = this.loaded;
    if (loaded !== undefined) {
      const now = Date.now();
      if (now - this.checkedAt < this.options.freshnessMs) return loaded;
      this.checkedAt = now;
      if ((await this.signature()) === loaded.signature) return loaded;
      this.logger.info({ entityId: this.entityId }, 'knowledge base changed elsewhere: reloading');
      return this.startLoad();
    }
    return this.loading ?? this.startLoad();
  }

  private startLoad(): Promise<Loaded> {
    const generation = ++this.generation;
    const loading = this.load().then((loaded) => {
      // Only the newest load is kept: an older one may have read the database before the latest change.
      if (generation === this.generation) {
        this.loaded = loaded;
        this.checkedAt = Date.now();
      }
      return loaded;
    });
    const settled = loading.finally(() => {
      if (this.loading === settled) this.loading = undefined;
    });
    this.loading = settled;
    return settled;
  }

  private async load(): Promise<Loaded> {
    // The signature is read first: a change landing during the load makes the next check reload again.
    const signature = await this.signature();
    const [rows, synonyms] = await Promise.all([
      this.prisma.knowledgeEntry.findMany({
        where: { entityId: this.entityId },
        orderBy: [{ position: 'asc' }, { key: 'asc' }],
      }),
      this.listSynonyms(),
    ]);
    const entries = rows.map(rowToEntry);
    this.logger.debug({ entityId: this.entityId, entries: entries.length }, 'knowledge base loaded');
    return {
      matcher: new KnowledgeMatcher(entries, synonyms, this.options.matcher),
      entries: new Map(entries.map((e) => [e.id, e])),
      signature,
    };
  }
}

class AlreadySeeded extends Error {}

function isGap(
  matcher: KnowledgeMatcher,
  question: string,
  reason: UnknownReason,
  redirect: string | undefined,
): boolean {
  if (reason === 'low-confidence' || redirect !== undefined) return true;
  if (reason !== 'smalltalk') return false;
  // "receta de ajiaco santafereño" has words beyond small talk (someone asked about something); "hola, gracias" does not.
  const analysis = matcher.analyze(question);
  return analysis.unknownWords.length > 0 || analysis.knownContentWords > 0;
}

function optionOf(c: { id: string; title: string }): KnowledgeOption {
  return { id: c.id, title: c.title };
}
