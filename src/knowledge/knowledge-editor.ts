import type { Logger } from 'pino';
import type { Db, Tx } from '../db/database.js';
import { DomainError } from '../lib/errors/domain-error.js';
import type { EventBus } from '../lib/event-bus.js';
import type { JsonValue } from '../lib/json-value.js';
import { answerWarnings } from './answer-readability.js';
import { stepsOf } from './entry-steps.js';
import type { KbEntry } from './kb-entry.js';
import { validateKbEntries } from './kb-file.js';
import { diffSnapshots, type KnowledgeDiff } from './knowledge-diff.js';
import { announceKnowledgeChange, PROCESS_INSTANCE } from './knowledge-reload.js';
import { entryToRow, rowToEntry } from './knowledge-rows.js';
import type { KnowledgeService } from './knowledge-service.js';
import type { KnowledgeActor, MissRecord } from './knowledge-types.js';
import { tryQuestion, type TrialOutcome } from './knowledge-trial.js';
import {
  KnowledgeVersions,
  saveChange,
  writeSnapshot,
  type KnowledgeChange,
  type VersionInfo,
} from './knowledge-versions.js';
import { normalizeText } from './normalize.js';

/** An entry's row as stored. */
type EntryRow = Awaited<ReturnType<Db['knowledgeEntry']['findUniqueOrThrow']>>;

/** An entry as the editor screens list it. */
export interface EditorEntry {
  entry: KbEntry;
  retired: boolean;
  updatedAt: Date;
  /** Plain-language warnings about the answer (length, long sentences). */
  warnings: string[];
}

export interface KnowledgeEditorOptions {
  prisma: Db;
  service: KnowledgeService;
  logger: Logger;
  /** Where the other instances hear about a change; without one, only this instance reloads at once. */
  bus?: EventBus;
  /** This instance's id on the bus (tests run two "instances" in one process). */
  instanceId?: string;
  now?: () => Date;
  /** The entity's facts in force (`{{entidad.…}}`), so previews read as the chat sends them; absent in bare tests. */
  facts?: () => Record<string, JsonValue> | undefined;
}

/** The entry a draft stands for, checked with the import's rules, with their Spanish messages. */
function validEntry(value: unknown): KbEntry {
  const checked = validateKbEntries([value]);
  if (!checked.ok) {
    throw new DomainError('VALIDATION_FAILED', {
      message: checked.errors.map((e) => e.replace(/^Entrada 1(?: \(id «[^»]*»\))?, /, '')).join(' '),
      details: { errors: checked.errors },
    });
  }
  return checked.entries[0]!;
}

function notFound(key: string): DomainError {
  return new DomainError('NOT_FOUND', { message: `No existe la entrada «${key}».` });
}

/**
 * What editors do to one entity's knowledge base from the console: every change is saved as a version (who, when,
 * the base afterwards), applied to this instance's matcher at once and announced on the event bus so the other
 * instances rebuild theirs. Nothing here needs a restart.
 */
export class KnowledgeEditor {
  private readonly versions: KnowledgeVersions;
  private readonly now: () => Date;
  readonly entityId: string;

  constructor(private readonly options: KnowledgeEditorOptions) {
    this.entityId = options.service.entityId;
    this.versions = new KnowledgeVersions(options.prisma, this.entityId);
    this.now = options.now ?? (() => new Date());
  }

  get service(): KnowledgeService {
    return this.options.service;
  }

  /** The facts an answer's `{{entidad.…}}` are filled with right now (they change with entity.yaml). */
  facts(): Record<string, JsonValue> | undefined {
    return this.options.facts?.();
  }

  /** Every entry, retired ones too, in the base's order; `query` keeps those whose text contains all its words. */
  async list(query = ''): Promise<EditorEntry[]> {
    const rows = await this.options.prisma.knowledgeEntry.findMany({
      where: { entityId: this.entityId },
      orderBy: [{ position: 'asc' }, { key: 'asc' }],
    });
    const words = normalizeText(query)
      .split(' ')
      .filter((w) => w !== '');
    return rows
      .map((row) => this.editorEntry(row))
      .filter((item) => {
        if (words.length === 0) return true;
        const { entry } = item;
        const text = normalizeText(
          [entry.id, entry.title, entry.category, entry.answer, ...entry.questions, ...entry.tags].join(' '),
        );
        return words.every((w) => text.includes(w));
      });
  }

  async get(key: string): Promise<EditorEntry> {
    const row = await this.row(this.options.prisma, key);
    if (row === null) throw notFound(key);
    return this.editorEntry(row);
  }

  /** A new entry; with `miss`, that unanswered question is marked as dealt with in the same step. */
  async create(actor: KnowledgeActor, draft: unknown, miss?: string): Promise<EditorEntry> {
    const entry = validEntry(draft);
    await this.change(
      actor,
      async (tx) => {
        if ((await this.row(tx, entry.id)) !== null) throw this.taken(entry.id);
        const last = await tx.knowledgeEntry.aggregate({
          where: { entityId: this.entityId },
          _max: { position: true },
        });
        await tx.knowledgeEntry.create({ data: entryToRow(this.entityId, entry, (last._max.position ?? -1) + 1) });
        if (miss !== undefined) await this.resolveIn(tx, miss);
      },
      { action: 'create', entryKey: entry.id, summary: `Creó la entrada «${entry.title}»` },
    );
    return this.get(entry.id);
  }

  /** Replaces an entry's content; a new id in the draft renames it (when no other entry has that id). */
  async update(actor: KnowledgeActor, key: string, draft: unknown): Promise<EditorEntry> {
    const entry = validEntry(draft);
    await this.change(
      actor,
      async (tx) => {
        const row = await this.row(tx, key);
        if (row === null) throw notFound(key);
        if (entry.id !== key && (await this.row(tx, entry.id)) !== null) throw this.taken(entry.id);
        // Replaced rather than updated: optional columns left out of the draft must end up empty, not kept.
        await tx.knowledgeEntry.delete({ where: { id: row.id } });
        await tx.knowledgeEntry.create({
          data: entryToRow(this.entityId, entry, row.position, row.retiredAt ?? undefined),
        });
      },
      {
        action: 'update',
        entryKey: entry.id,
        summary:
          entry.id === key ? `Editó la entrada «${entry.title}»` : `Editó la entrada «${entry.title}» (antes «${key}»)`,
      },
    );
    return this.get(entry.id);
  }

  /** Citizens stop getting the entry; it stays in the list and in the history, and {@link unretire} brings it back. */
  async retire(actor: KnowledgeActor, key: string): Promise<EditorEntry> {
    return this.setRetired(actor, key, true);
  }

  async unretire(actor: KnowledgeActor, key: string): Promise<EditorEntry> {
    return this.setRetired(actor, key, false);
  }

  /** Adds an example question to an entry (from the unanswered list: `miss` is then marked as dealt with). */
  async addQuestion(actor: KnowledgeActor, key: string, question: string, miss?: string): Promise<EditorEntry> {
    const text = question.trim();
    if (text === '') throw new DomainError('VALIDATION_FAILED', { message: 'Escriba la pregunta de ejemplo.' });
    return this.changeEntry(
      actor,
      key,
      async (tx, row) => {
        const entry = rowToEntry(row);
        if (!entry.questions.some((q) => normalizeText(q) === normalizeText(text))) {
          await tx.knowledgeEntry.update({ where: { id: row.id }, data: { questions: [...entry.questions, text] } });
        }
        if (miss !== undefined) await this.resolveIn(tx, miss);
      },
      (title) => ({ action: 'question', entryKey: key, summary: `Agregó una pregunta de ejemplo a «${title}»` }),
    );
  }

  async addSynonym(actor: KnowledgeActor, term: string, phrase: string): Promise<{ added: boolean }> {
    const result = await this.service.addSynonym(term, phrase, actor);
    if (result.added) await this.announce();
    return result;
  }

  async removeSynonym(actor: KnowledgeActor, term: string, phrase: string): Promise<{ removed: boolean }> {
    const result = await this.service.removeSynonym(term, phrase, actor);
    if (result.removed) await this.announce();
    return result;
  }

  /** Replaces the whole base (the command line's import, with its validation); see the console's import route. */
  async importEntries(actor: KnowledgeActor, entries: readonly KbEntry[]): Promise<{ count: number; version: number }> {
    const result = await this.service.importEntries(entries, actor);
    await this.announce();
    return result;
  }

  listVersions(): Promise<VersionInfo[]> {
    return this.versions.list();
  }

  /** What changed from version `from` to version `to` (by default, from the one before `to`). */
  async diff(to: number, from = to - 1): Promise<KnowledgeDiff> {
    const [before, after] = await Promise.all([
      from < 1 ? { entries: [], synonyms: [] } : this.versions.snapshot(from),
      this.versions.snapshot(to),
    ]);
    if (after === undefined) throw this.noVersion(to);
    if (before === undefined) throw this.noVersion(from);
    return diffSnapshots(before, after);
  }

  /** Brings the whole base back to an earlier version; the restore is itself a new version, so it can be undone. */
  async restore(actor: KnowledgeActor, number: number): Promise<{ version: number }> {
    const snapshot = await this.versions.snapshot(number);
    if (snapshot === undefined) throw this.noVersion(number);
    const version = await this.change(actor, (tx) => writeSnapshot(tx, this.entityId, snapshot, this.now()), {
      action: 'restore',
      summary: `Restauró la versión ${number}`,
    });
    return { version };
  }

  /**
   * "Probar": what the assistant does with a question now and, given a draft of an entry (not saved), what it would
   * do with the draft in place of `replaces` (or added, for a new entry). The draft's matcher is thrown away.
   */
  async trial(
    question: string,
    draft?: unknown,
    replaces?: string,
  ): Promise<{ now: TrialOutcome; draft?: TrialOutcome }> {
    const now = tryQuestion(await this.service.matcher(), question);
    if (draft === undefined) return { now };
    const entry = validEntry(draft);
    const others = (await this.service.activeEntries()).filter((e) => e.id !== entry.id && e.id !== replaces);
    const matcher = this.service.buildMatcher([...others, entry], await this.service.listSynonyms());
    return { now, draft: tryQuestion(matcher, question) };
  }

  misses(): Promise<MissRecord[]> {
    return this.service.listMisses();
  }

  async dismissMiss(normalized: string): Promise<boolean> {
    return (await this.service.resolveMisses([normalized])) > 0;
  }

  private async setRetired(actor: KnowledgeActor, key: string, retired: boolean): Promise<EditorEntry> {
    return this.changeEntry(
      actor,
      key,
      async (tx, row) => {
        await tx.knowledgeEntry.update({ where: { id: row.id }, data: { retiredAt: retired ? this.now() : null } });
      },
      (title) =>
        retired
          ? { action: 'retire', entryKey: key, summary: `Retiró la entrada «${title}»` }
          : { action: 'unretire', entryKey: key, summary: `Volvió a activar la entrada «${title}»` },
    );
  }

  /** A change to one existing entry, described with the entry's title; the entry as it is afterwards. */
  private async changeEntry(
    actor: KnowledgeActor,
    key: string,
    apply: (tx: Tx, row: EntryRow) => Promise<void>,
    describe: (title: string) => KnowledgeChange,
  ): Promise<EditorEntry> {
    let title = key;
    await this.change(
      actor,
      async (tx) => {
        const row = await this.row(tx, key);
        if (row === null) throw notFound(key);
        title = row.title;
        await apply(tx, row);
      },
      () => describe(title),
    );
    return this.get(key);
  }

  /** One saved change: the version, this instance's matcher, then the others. */
  private async change(
    actor: KnowledgeActor,
    apply: (tx: Tx) => Promise<void>,
    describe: KnowledgeChange | (() => KnowledgeChange),
  ): Promise<number> {
    const { version } = await saveChange(this.options.prisma, this.entityId, actor, apply, () =>
      typeof describe === 'function' ? describe() : describe,
    );
    const summary = typeof describe === 'function' ? describe() : describe;
    // Who did what, never the content: answers may quote citizens.
    this.options.logger.info(
      { entityId: this.entityId, staffId: actor.id, action: summary.action, entry: summary.entryKey, version },
      'knowledge base changed',
    );
    await this.service.refresh();
    await this.announce();
    return version;
  }

  private async announce(): Promise<void> {
    if (this.options.bus === undefined) return;
    try {
      await announceKnowledgeChange(this.options.bus, this.entityId, this.options.instanceId ?? PROCESS_INSTANCE);
    } catch (error) {
      // The change is saved; other instances still notice it at their next freshness check.
      this.options.logger.warn({ err: error, entityId: this.entityId }, 'knowledge change not announced');
    }
  }

  private async resolveIn(tx: Tx, miss: string): Promise<void> {
    await tx.unansweredQuestion.updateMany({
      where: { entityId: this.entityId, normalized: miss, resolvedAt: null },
      data: { resolvedAt: this.now() },
    });
  }

  private row(db: Tx | Db, key: string): Promise<EntryRow | null> {
    return db.knowledgeEntry.findUnique({ where: { entityId_key: { entityId: this.entityId, key } } });
  }

  private editorEntry(
    row: Parameters<typeof rowToEntry>[0] & { retiredAt: Date | null; updatedAt: Date },
  ): EditorEntry {
    const entry = rowToEntry(row);
    return {
      entry,
      retired: row.retiredAt !== null,
      updatedAt: row.updatedAt,
      warnings: answerWarnings(entry.answer, stepsOf(entry)),
    };
  }

  private taken(key: string): DomainError {
    return new DomainError('CONFLICT', {
      message: `Ya existe una entrada con el id «${key}». Use otro id o edite esa entrada.`,
    });
  }

  private noVersion(number: number): DomainError {
    return new DomainError('NOT_FOUND', { message: `No existe la versión ${number}.` });
  }
}
