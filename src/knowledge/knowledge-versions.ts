import { z } from 'zod';
import type { Db, Tx } from '../db/database.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';
import { toJsonObject } from '../lib/json-value.js';
import { KbEntry } from './kb-entry.js';
import { entryToRow, rowToEntry } from './knowledge-rows.js';
import type { KnowledgeActor } from './knowledge-types.js';
import { SynonymList } from './synonyms.js';

/** The whole knowledge base at one moment: what a version stores and a restore writes back. */
export const KnowledgeSnapshot = z.object({
  entries: z.array(z.object({ entry: KbEntry, retired: z.boolean() })),
  synonyms: SynonymList,
});
export type KnowledgeSnapshot = z.infer<typeof KnowledgeSnapshot>;

export const versionActions = [
  'baseline',
  'seed',
  'create',
  'update',
  'retire',
  'unretire',
  'question',
  'synonym-add',
  'synonym-remove',
  'import',
  'restore',
] as const;
export type VersionAction = (typeof versionActions)[number];

export interface KnowledgeChange {
  action: VersionAction;
  summary: string;
  entryKey?: string;
}

export interface VersionInfo {
  number: number;
  at: Date;
  actor: { id: string | null; name: string };
  action: VersionAction;
  entryKey: string | null;
  summary: string;
}

/** Reads the base as it is in the database (inside a transaction, the state that transaction sees). */
export async function readSnapshot(db: Tx | Db, entityId: string): Promise<KnowledgeSnapshot> {
  const [rows, synonymRows] = await Promise.all([
    db.knowledgeEntry.findMany({ where: { entityId }, orderBy: [{ position: 'asc' }, { key: 'asc' }] }),
    db.knowledgeSynonym.findMany({ where: { entityId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }),
  ]);
  const byTerm = new Map<string, string[]>();
  for (const row of synonymRows) byTerm.set(row.term, [...(byTerm.get(row.term) ?? []), row.phrase]);
  return {
    entries: rows.map((row) => ({ entry: rowToEntry(row), retired: row.retiredAt !== null })),
    synonyms: [...byTerm].map(([term, phrases]) => ({ term, phrases })),
  };
}

/** Replaces the whole base with a snapshot (a restore); entries retired then are retired again. */
export async function writeSnapshot(tx: Tx, entityId: string, snapshot: KnowledgeSnapshot, now: Date): Promise<void> {
  await tx.knowledgeEntry.deleteMany({ where: { entityId } });
  await tx.knowledgeSynonym.deleteMany({ where: { entityId } });
  const rows = snapshot.entries.map((e, i) => entryToRow(entityId, e.entry, i, e.retired ? now : undefined));
  if (rows.length > 0) await tx.knowledgeEntry.createMany({ data: rows });
  const synonyms = snapshot.synonyms.flatMap((rule) =>
    [...new Set(rule.phrases)].map((phrase) => ({ entityId, term: rule.term, phrase })),
  );
  if (synonyms.length > 0) await tx.knowledgeSynonym.createMany({ data: synonyms });
}

/**
 * Makes one change to the knowledge base and saves the version it leads to, in one transaction: the change and its
 * record of who and when cannot part. The first change ever recorded for an entity (a base loaded before versions
 * existed) first saves the state it starts from, so it can be compared and restored like any other.
 */
export async function saveChange<T>(
  prisma: Db,
  entityId: string,
  actor: KnowledgeActor,
  apply: (tx: Tx) => Promise<T>,
  describe: (result: T) => KnowledgeChange,
): Promise<{ result: T; version: number }> {
  // Two changes at once may pick the same number: the loser's insert hits the unique key and runs again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(
        async (tx) => {
          const last = await tx.knowledgeVersion.findFirst({
            where: { entityId },
            orderBy: { number: 'desc' },
            select: { number: true },
          });
          let number = (last?.number ?? 0) + 1;
          if (last === null) {
            const before = await readSnapshot(tx, entityId);
            if (before.entries.length > 0 || before.synonyms.length > 0) {
              await tx.knowledgeVersion.create({
                data: {
                  entityId,
                  number,
                  actorName: 'Sistema',
                  action: 'baseline',
                  summary: 'Estado de la base antes del primer cambio registrado',
                  snapshot: toJsonObject(before),
                },
              });
              number += 1;
            }
          }
          const result = await apply(tx);
          const change = describe(result);
          await tx.knowledgeVersion.create({
            data: {
              entityId,
              number,
              staffId: actor.id,
              actorName: actor.name,
              action: change.action,
              entryKey: change.entryKey ?? null,
              summary: change.summary,
              snapshot: toJsonObject(await readSnapshot(tx, entityId)),
            },
          });
          return { result, version: number };
        },
        { timeout: 60_000, maxWait: 10_000 },
      );
    } catch (error) {
      if (attempt >= 3 || !isUniqueViolation(error)) throw error;
    }
  }
}

function actionOf(value: string): VersionAction {
  return (versionActions as readonly string[]).includes(value) ? (value as VersionAction) : 'update';
}

/** The version history of one entity's knowledge base. */
export class KnowledgeVersions {
  constructor(
    private readonly prisma: Db,
    private readonly entityId: string,
  ) {}

  /** Newest first. */
  async list(limit = 200): Promise<VersionInfo[]> {
    const rows = await this.prisma.knowledgeVersion.findMany({
      where: { entityId: this.entityId },
      orderBy: { number: 'desc' },
      take: limit,
      select: {
        number: true,
        createdAt: true,
        staffId: true,
        actorName: true,
        action: true,
        entryKey: true,
        summary: true,
      },
    });
    return rows.map((r) => ({
      number: r.number,
      at: r.createdAt,
      actor: { id: r.staffId, name: r.actorName },
      action: actionOf(r.action),
      entryKey: r.entryKey,
      summary: r.summary,
    }));
  }

  /** A version's snapshot, or undefined when there is no such version. */
  async snapshot(number: number): Promise<KnowledgeSnapshot | undefined> {
    const row = await this.prisma.knowledgeVersion.findUnique({
      where: { entityId_number: { entityId: this.entityId, number } },
      select: { snapshot: true },
    });
    return row === null ? undefined : KnowledgeSnapshot.parse(row.snapshot);
  }
}
