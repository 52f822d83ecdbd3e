import { existsSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../lib/errors/unique-violation.js';
import { entryToRow } from './knowledge-rows.js';
import { FILES_ACTOR, type SeedResult } from './knowledge-types.js';
import { saveChange } from './knowledge-versions.js';
import { loadKbEntries, loadSynonyms } from './load-knowledge.js';

class AlreadySeeded extends Error {}

/**
 * Loads the entity's content from files (flows/knowledge/kb.json and sinonimos.yaml) only while its knowledge base
 * is empty, so an editor's import is never overwritten by a restart. Synonyms are seeded with it when the entity
 * has none. A missing file is not an error: there is nothing to seed. A malformed one throws KnowledgeFileError. The
 * load is the first version of the base's history.
 */
export async function seedKnowledge(
  prisma: Db,
  entityId: string,
  logger: Logger,
  kbFile: string,
  synonymsFile?: string,
): Promise<SeedResult> {
  const none: SeedResult = { seeded: false, entries: 0, synonyms: 0 };
  if ((await prisma.knowledgeEntry.count({ where: { entityId } })) > 0) return none;
  if (!existsSync(kbFile)) return none;
  const entries = await loadKbEntries(kbFile);
  const synonyms = synonymsFile !== undefined && existsSync(synonymsFile) ? await loadSynonyms(synonymsFile) : [];
  const synonymRows = synonyms.flatMap((rule) =>
    [...new Set(rule.phrases)].map((phrase) => ({ entityId, term: rule.term, phrase })),
  );
  let synonymCount = 0;
  try {
    await saveChange(
      prisma,
      entityId,
      FILES_ACTOR,
      async (tx) => {
        // Checked again inside the transaction: another instance may have seeded (or an editor imported) meanwhile.
        if ((await tx.knowledgeEntry.count({ where: { entityId } })) > 0) throw new AlreadySeeded();
        await tx.knowledgeEntry.createMany({ data: entries.map((e, i) => entryToRow(entityId, e, i)) });
        if ((await tx.knowledgeSynonym.count({ where: { entityId } })) === 0 && synonymRows.length > 0) {
          await tx.knowledgeSynonym.createMany({ data: synonymRows });
          synonymCount = synonymRows.length;
        }
      },
      () => ({ action: 'seed', summary: `Cargó ${entries.length} entradas desde los archivos de la entidad` }),
    );
  } catch (error) {
    if (error instanceof AlreadySeeded || isUniqueViolation(error)) return none;
    throw error;
  }
  logger.info({ entityId, entries: entries.length, synonyms: synonymCount }, 'knowledge base seeded from files');
  return { seeded: true, entries: entries.length, synonyms: synonymCount };
}
