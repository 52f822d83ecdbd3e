import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadEntityFacts } from '../../src/entities/load-entity-facts.js';
import type { JsonValue } from '../../src/lib/json-value.js';

/**
 * Finds facts written as literals in an entity folder (flows, entity.yaml outside `settings.datos`, knowledge answers
 * and steps) that the facts do not say: an address, phone, email, web domain, office hour or radicado that is not
 * produced from entity.yaml `settings.datos`. Each finding reads "file (where): kind «literal»".
 */

/** Entries whose clock times are not office hours (traffic restrictions), so they may be written as literals. */
const HOURS_ALLOWED_IN = new Set(['pico-y-placa']);

/** National sites an answer may name; any other domain must be one of the entity's. */
const NATIONAL_DOMAINS = new Set<string>([]);

const patterns: { kind: string; regex: RegExp }[] = [
  {
    kind: 'dirección',
    regex:
      /\b(?:Calle|Carrera|Avenida|Diagonal|Transversal|Cra\.?|Cl\.?|Av\.?)\s+\d+[A-Za-z]?\s*(?:#|n\.º|No\.?|N°)\s*\d+[A-Za-z]?\s*-\s*\d+/g,
  },
  { kind: 'teléfono', regex: /(?:\(\d{3}\)\s?|\+57\s?)?\b\d{3}\s\d{3,4}(?:\s\d{4})?\b/g },
  { kind: 'correo', regex: /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g },
  { kind: 'dominio', regex: /\b(?:https?:\/\/)?(?:www\.)[\w-]+(?:\.[\w-]+)+|https?:\/\/[\w-]+(?:\.[\w-]+)+/g },
  { kind: 'hora', regex: /\b\d{1,2}(?::\d{2})?\s*(?:a\.\s?m\.|p\.\s?m\.|m\.)(?=\s|$|[,;)])/g },
  { kind: 'radicado', regex: /\b[A-Z]{2,}-\d{4}-\d{3,}\b|\b(?:\d{4}|A{4})-[A-Z]{2,}-\d{3,}\b/g },
];

function leaves(value: JsonValue): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(leaves);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}

function hostOf(text: string): string {
  return text
    .replace(/^https?:\/\//, '')
    .split('/')[0]!
    .toLowerCase();
}

/** Whether a literal found in a text is one the facts say. */
function agrees(kind: string, literal: string, facts: string[]): boolean {
  const digits = (s: string) => s.replace(/\D/g, '');
  switch (kind) {
    case 'teléfono':
      return facts.some((f) => digits(f).length >= 7 && digits(f).endsWith(digits(literal)));
    case 'dominio': {
      const host = hostOf(literal);
      const hosts = facts.flatMap((f) =>
        /^https?:\/\//.test(f) ? [hostOf(f)] : /@/.test(f) ? [f.split('@')[1]!] : [],
      );
      return hosts.some((h) => h === host || h === `www.${host}` || `www.${h}` === host) || NATIONAL_DOMAINS.has(host);
    }
    case 'hora':
      return false;
    default:
      return facts.some((f) => f.includes(literal));
  }
}

function strings(value: unknown, path: string[] = []): { text: string; path: string[] }[] {
  if (typeof value === 'string') return [{ text: value, path }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, [...path, String(i)]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
  return [];
}

export async function factDisagreements(dir: string): Promise<string[]> {
  const loaded = await loadEntityFacts(dir);
  if (loaded.errors.length > 0 || !loaded.facts) throw new Error(`${dir}: entity.yaml sin datos válidos`);
  const facts = leaves(loaded.facts);
  const texts: { where: string; text: string; entry?: string }[] = [];
  for (const name of (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const data = parse(await readFile(join(dir, name), 'utf8')) as unknown;
    for (const s of strings(data)) {
      // The facts themselves, and the agents' hours they are described from.
      const p = s.path.join('.');
      if (name === 'entity.yaml' && (p.startsWith('settings.datos.') || p.startsWith('settings.atencion.horario.')))
        continue;
      texts.push({ where: `${name} (${p})`, text: s.text });
    }
  }
  const kb = JSON.parse(await readFile(join(dir, 'knowledge', 'kb.json'), 'utf8')) as {
    id: string;
    answer: string;
    steps?: string[];
  }[];
  for (const e of kb) {
    texts.push({ where: `knowledge/kb.json («${e.id}»)`, text: e.answer, entry: e.id });
    for (const [i, step] of (e.steps ?? []).entries())
      texts.push({ where: `knowledge/kb.json («${e.id}», paso ${i + 1})`, text: step, entry: e.id });
  }
  const found: string[] = [];
  for (const { where, text, entry } of texts) {
    const plain = text.replace(/\{\{[^}]*\}\}/g, ' ');
    for (const { kind, regex } of patterns) {
      if (kind === 'hora' && entry !== undefined && HOURS_ALLOWED_IN.has(entry)) continue;
      for (const m of plain.matchAll(regex)) {
        // Input examples ("Por ejemplo: Calle 8 # 5-12") show a format, they state no fact; a radicado example
        // does state one (the entity's format), so it must come from the facts too.
        const before = plain.slice(Math.max(0, (m.index ?? 0) - 40), m.index).toLowerCase();
        if (kind !== 'radicado' && before.includes('ejemplo')) continue;
        if (!agrees(kind, m[0], facts)) found.push(`${where}: ${kind} «${m[0].trim()}»`);
      }
    }
  }
  return found;
}
