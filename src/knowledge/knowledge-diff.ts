import type { KbEntry } from './kb-entry.js';
import type { KnowledgeSnapshot } from './knowledge-versions.js';

/** One field of an entry that differs between two versions, as text an editor reads. */
export interface FieldChange {
  field: string;
  /** The field's Spanish name. */
  label: string;
  before: string;
  after: string;
}

export interface EntryDiff {
  id: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

export interface KnowledgeDiff {
  entries: EntryDiff[];
  synonyms: { added: { term: string; phrase: string }[]; removed: { term: string; phrase: string }[] };
}

const LABELS: Record<string, string> = {
  title: 'Título',
  category: 'Categoría',
  questions: 'Preguntas de ejemplo',
  answer: 'Respuesta',
  tags: 'Etiquetas',
  links: 'Enlaces',
  dependency: 'Dependencia',
  steps: 'Pasos',
  retired: 'Estado',
};

/** Lists one per line, so a list change reads as lines added and removed. */
function textOf(field: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field === 'retired') return value === true ? 'Retirada' : 'Activa';
  if (field === 'links' && Array.isArray(value)) {
    return (value as { label: string; url: string }[]).map((l) => `${l.label} <${l.url}>`).join('\n');
  }
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n');
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function fieldsOf(item: { entry: KbEntry; retired: boolean }): Record<string, unknown> {
  const { id: _id, ...rest } = item.entry;
  return { ...rest, retired: item.retired };
}

/** What changed from one version to another: entries added, removed or changed field by field, and synonyms. */
export function diffSnapshots(before: KnowledgeSnapshot, after: KnowledgeSnapshot): KnowledgeDiff {
  const old = new Map(before.entries.map((e) => [e.entry.id, e]));
  const now = new Map(after.entries.map((e) => [e.entry.id, e]));
  const entries: EntryDiff[] = [];
  for (const [id, item] of now) {
    const previous = old.get(id);
    const a = previous === undefined ? {} : fieldsOf(previous);
    const b = fieldsOf(item);
    const fields: FieldChange[] = [];
    for (const field of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (previous === undefined && field === 'retired' && b[field] === false) continue;
      const beforeText = textOf(field, a[field]);
      const afterText = textOf(field, b[field]);
      if (beforeText !== afterText)
        fields.push({ field, label: LABELS[field] ?? field, before: beforeText, after: afterText });
    }
    if (previous === undefined) entries.push({ id, title: item.entry.title, change: 'added', fields });
    else if (fields.length > 0) entries.push({ id, title: item.entry.title, change: 'changed', fields });
  }
  for (const [id, item] of old) {
    if (!now.has(id)) entries.push({ id, title: item.entry.title, change: 'removed', fields: [] });
  }
  const pairs = (s: KnowledgeSnapshot) =>
    new Set(s.synonyms.flatMap((r) => r.phrases.map((p) => JSON.stringify([r.term, p]))));
  const a = pairs(before);
  const b = pairs(after);
  const decode = (key: string) => {
    const [term, phrase] = JSON.parse(key) as [string, string];
    return { term, phrase };
  };
  return {
    entries,
    synonyms: {
      added: [...b].filter((k) => !a.has(k)).map(decode),
      removed: [...a].filter((k) => !b.has(k)).map(decode),
    },
  };
}
