import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';
import { KnowledgeValidationError, type KnowledgeActor } from './knowledge-types.js';
import { saveChange } from './knowledge-versions.js';
import { SynonymRule, SynonymSet, type SynonymList } from './synonyms.js';

/** An entity's synonyms grouped by term, in the order they were added. */
export async function listSynonyms(prisma: Db, entityId: string): Promise<SynonymList> {
  const rows = await prisma.knowledgeSynonym.findMany({
    where: { entityId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const byTerm = new Map<string, string[]>();
  for (const row of rows) byTerm.set(row.term, [...(byTerm.get(row.term) ?? []), row.phrase]);
  return [...byTerm].map(([term, phrases]) => ({ term, phrases }));
}

/** Saves one synonym as a new version; false when it already existed. Refuses a phrase of ignored words only. */
export async function insertSynonym(
  prisma: Db,
  entityId: string,
  term: string,
  phrase: string,
  actor: KnowledgeActor,
): Promise<boolean> {
  const parsed = SynonymRule.safeParse({ term, phrases: [phrase] });
  if (!parsed.success) throw new KnowledgeValidationError(parsed.error.issues.map((i) => `${i.message}.`));
  const rule = parsed.data;
  const cleanPhrase = rule.phrases[0] as string;
  if (new SynonymSet([rule]).size === 0) {
    throw new KnowledgeValidationError([
      `La frase «${cleanPhrase}» solo tiene palabras que se ignoran (como «el», «de», «que»). Escriba la frase con sus palabras importantes.`,
    ]);
  }
  const exists = await prisma.knowledgeSynonym.findUnique({
    where: { entityId_term_phrase: { entityId, term: rule.term, phrase: cleanPhrase } },
  });
  if (exists !== null) return false;
  try {
    await saveChange(
      prisma,
      entityId,
      actor,
      (tx) => tx.knowledgeSynonym.create({ data: { entityId, term: rule.term, phrase: cleanPhrase } }),
      () => ({ action: 'synonym-add', summary: `Sinónimo «${cleanPhrase}» → «${rule.term}»` }),
    );
    return true;
  } catch (error) {
    // Added by someone else in the meantime.
    if (!isUniqueViolation(error)) throw error;
    return false;
  }
}

/** Removes one phrase of a term as a new version; false when there was no such synonym. */
export async function deleteSynonym(
  prisma: Db,
  entityId: string,
  term: string,
  phrase: string,
  actor: KnowledgeActor,
): Promise<boolean> {
  const where = { entityId, term: term.trim(), phrase: phrase.trim() };
  if ((await prisma.knowledgeSynonym.count({ where })) === 0) return false;
  const { result } = await saveChange(
    prisma,
    entityId,
    actor,
    (tx) => tx.knowledgeSynonym.deleteMany({ where }),
    () => ({ action: 'synonym-remove', summary: `Quitó el sinónimo «${where.phrase}» → «${where.term}»` }),
  );
  return result.count > 0;
}
