import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import type { KbEntry } from './kb-entry.js';
import { followUp } from './follow-up.js';
import { validateKbEntries } from './kb-file.js';
import { KnowledgeMisses } from './knowledge-misses.js';
import { seedKnowledge } from './knowledge-seed.js';
import { deleteSynonym, insertSynonym, listSynonyms } from './knowledge-synonym-store.js';
import { entryToRow, rowToEntry } from './knowledge-rows.js';
import {
  COMMAND_LINE_ACTOR,
  KnowledgeValidationError,
  type KnowledgeActor,
  type KnowledgeLookup,
  type KnowledgeOption,
  type KnowledgeServiceOptions,
  type LookupOptions,
  type MissReason,
  type MissRecord,
  type SeedResult,
} from './knowledge-types.js';
import { saveChange } from './knowledge-versions.js';
import type { MatchCandidate, MatchResult, UnknownReason } from './match-result.js';
import { KnowledgeMatcher } from './matcher.js';
import type { MatcherOptions } from './matcher.js';
import type { SynonymList } from './synonyms.js';

// The types moved to knowledge-types.ts; callers keep importing them from here.
export { KnowledgeValidationError } from './knowledge-types.js';
export type {
  KnowledgeActor,
  KnowledgeLookup,
  KnowledgeOption,
  KnowledgeServiceOptions,
  LookupOptions,
  MissReason,
  MissRecord,
  SeedResult,
} from './knowledge-types.js';

interface Loaded {
  matcher: KnowledgeMatcher;
  entries: Map<string, KbEntry>;
  signature: string;
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
  private readonly misses: KnowledgeMisses;

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
    this.misses = new KnowledgeMisses(prisma, entityId, logger, this.options.now);
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

  /** The entries citizens get answers from now (retired ones are not among them). */
  async activeEntries(): Promise<KbEntry[]> {
    return [...(await this.current()).entries.values()];
  }

  /** A matcher with this service's settings over other entries (the console's "Probar" builds one from a draft). */
  buildMatcher(entries: readonly KbEntry[], synonyms: SynonymList): KnowledgeMatcher {
    return new KnowledgeMatcher([...entries], synonyms, this.options.matcher);
  }

  async getEntry(id: string): Promise<KbEntry | undefined> {
    return (await this.current()).entries.get(id);
  }

  /** See {@link KnowledgeMisses.record}. */
  recordMiss(question: string, reason: MissReason, entryId?: string): Promise<boolean> {
    return this.misses.record(question, reason, entryId);
  }

  /** See {@link KnowledgeMisses.list}. */
  listMisses(options: { includeResolved?: boolean; limit?: number } = {}): Promise<MissRecord[]> {
    return this.misses.list(options);
  }

  /** See {@link KnowledgeMisses.resolve}. */
  resolveMisses(normalized: readonly string[]): Promise<number> {
    return this.misses.resolve(normalized);
  }

  /**
   * Replaces the entity's whole knowledge base in one transaction: every entry is validated first, and any problem
   * (or a database failure halfway) leaves the previous knowledge base untouched.
   */
  async importEntries(
    entries: readonly KbEntry[],
    actor: KnowledgeActor = COMMAND_LINE_ACTOR,
  ): Promise<{ count: number; version: number }> {
    const valid = validateKbEntries(entries);
    if (!valid.ok) throw new KnowledgeValidationError(valid.errors);
    const rows = valid.entries.map((entry, i) => entryToRow(this.entityId, entry, i));
    const { version } = await saveChange(
      this.prisma,
      this.entityId,
      actor,
      async (tx) => {
        await tx.knowledgeEntry.deleteMany({ where: { entityId: this.entityId } });
        if (rows.length > 0) await tx.knowledgeEntry.createMany({ data: rows });
      },
      () => ({ action: 'import', summary: `Importó ${rows.length} ${rows.length === 1 ? 'entrada' : 'entradas'}` }),
    );
    this.logger.info({ entityId: this.entityId, entries: rows.length, staffId: actor.id }, 'knowledge base imported');
    await this.refresh();
    return { count: rows.length, version };
  }

  /** The knowledge base in the interchange format, in the order it was imported; retired entries are left out. */
  async exportEntries(): Promise<KbEntry[]> {
    const rows = await this.prisma.knowledgeEntry.findMany({
      where: { entityId: this.entityId, retiredAt: null },
      orderBy: [{ position: 'asc' }, { key: 'asc' }],
    });
    return rows.map(rowToEntry);
  }

  /** Synonyms grouped by term, in the order they were added. */
  listSynonyms(): Promise<SynonymList> {
    return listSynonyms(this.prisma, this.entityId);
  }

  /**
   * Teaches the assistant that citizens say `phrase` for `term` ("impuesto de la casa" → "predial"). Applies to the
   * next lookup. Returns false when that synonym already existed.
   */
  async addSynonym(
    term: string,
    phrase: string,
    actor: KnowledgeActor = COMMAND_LINE_ACTOR,
  ): Promise<{ added: boolean }> {
    const added = await insertSynonym(this.prisma, this.entityId, term, phrase, actor);
    if (added) this.logger.info({ entityId: this.entityId, staffId: actor.id }, 'knowledge synonym added');
    await this.refreshSynonyms();
    return { added };
  }

  /** Removes one phrase of a term. Returns false when there was no such synonym. */
  async removeSynonym(
    term: string,
    phrase: string,
    actor: KnowledgeActor = COMMAND_LINE_ACTOR,
  ): Promise<{ removed: boolean }> {
    const removed = await deleteSynonym(this.prisma, this.entityId, term, phrase, actor);
    await this.refreshSynonyms();
    return { removed };
  }

  /**
   * Loads the entity's content from files only while its knowledge base is empty (see {@link seedKnowledge}), then
   * builds the matcher from it.
   */
  async seedFromFiles(kbFile: string, synonymsFile?: string): Promise<SeedResult> {
    const result = await seedKnowledge(this.prisma, this.entityId, this.logger, kbFile, synonymsFile);
    if (result.seeded) await this.refresh();
    return result;
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
        where: { entityId: this.entityId, retiredAt: null },
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
