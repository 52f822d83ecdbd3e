import type { Logger } from 'pino';
import { parse } from 'yaml';
import type { Db } from '../db/database.js';
import { EntityFile } from '../entities/entity-file.js';
import { entityFileName } from './content-files.js';
import { parseEntitySettings } from './entity-settings.js';

/**
 * The entity file a start should build its channels with: the newest entity.yaml saved from the console when there is
 * one, so a mailbox or template an administrator changed there takes effect when the host restarts the entity. The
 * file on disk otherwise, and also when the saved one no longer reads (a deploy changed the schema): the log says so
 * and the content service keeps reporting it.
 */
export async function entityFileInForce(
  prisma: Db,
  entityId: string,
  disk: EntityFile,
  logger: Logger,
): Promise<EntityFile> {
  const saved = await prisma.contentFileVersion.findFirst({
    where: { entityId, name: entityFileName },
    orderBy: { number: 'desc' },
    select: { number: true, content: true },
  });
  if (!saved) return disk;
  let data: unknown;
  try {
    data = parse(saved.content);
  } catch {
    data = undefined;
  }
  const parsed = EntityFile.safeParse(data);
  if (parsed.success && parsed.data.slug === disk.slug && readsAsSettings(parsed.data)) return parsed.data;
  logger.warn({ version: saved.number }, 'saved entity.yaml does not read; channels start with the file on disk');
  return disk;
}

function readsAsSettings(file: EntityFile): boolean {
  try {
    parseEntitySettings(file);
    return true;
  } catch {
    return false;
  }
}
