import type { KbEntry } from '../src/knowledge/kb-entry.js';
import { seededRandom } from '../src/knowledge/seeded-random.js';

const PLACES = ['Norte', 'Sur', 'Oriente', 'Occidente', 'Centro', 'Rural', 'Comuna 1', 'Comuna 2', 'Corregimiento'];

/**
 * A large knowledge base made from a small one: each synthetic entry mixes the title and questions of one entry with
 * words from others and an invented place or program name, so the vocabulary and the posting lists grow as in a real
 * base with thousands of trámites across dependencies, instead of repeating the same documents.
 */
export function syntheticKnowledgeBase(base: readonly KbEntry[], count: number): KbEntry[] {
  const next = seededRandom(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const words = [...new Set(base.flatMap((e) => e.answer.split(/\s+/)).filter((w) => w.length > 5))];
  const out: KbEntry[] = [...base];
  for (let i = out.length; i < count; i += 1) {
    const a = pick(base);
    const b = pick(base);
    const invented = `${pick(words)}${i.toString(36)}`;
    const place = pick(PLACES);
    out.push({
      id: `${a.id}-${i}`,
      title: `${a.title} ${place} ${invented}`,
      category: a.category,
      questions: [...a.questions.slice(0, 2), `${pick(b.questions).replace(/\?$/, '')} en ${place} ${invented}?`],
      answer: `${a.answer.slice(0, 400)} ${pick(words)} ${pick(words)} ${invented}. ${b.answer.slice(0, 200)}`,
      tags: [...a.tags.slice(0, 3), pick(b.tags) ?? 'general', invented],
    });
  }
  return out;
}
