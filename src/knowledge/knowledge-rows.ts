import type { KbEntry, KbLink } from './kb-entry.js';
import { KB_CSV_COLUMNS } from './kb-file.js';

const STANDARD_KEYS = new Set<string>(KB_CSV_COLUMNS);

/** A KnowledgeEntry row as Prisma returns it, reduced to what the conversion reads. */
export interface EntryRow {
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

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function rowToEntry(row: EntryRow): KbEntry {
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

/** The row for an entry; `retiredAt` only when the entry is retired (restoring a version brings retired ones back). */
export function entryToRow(entityId: string, entry: KbEntry, position: number, retiredAt?: Date) {
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
    ...(retiredAt !== undefined ? { retiredAt } : {}),
  };
}
