import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Db } from '../db/database.js';
import type { ActionCatalog } from '../flows/action-catalog.js';
import { loadFlowBundle } from '../flows/load-flow-bundle.js';
import { formatFlowError } from '../lib/flow-error.js';
import { readEntityFile } from './entity-file.js';

/** Why a folder cannot be registered as an entity; the message is Spanish and goes to the operator or the console. */
export class EntityFolderError extends Error {}

/**
 * Registers a folder as an entity of this deployment (`ventanilla entities add`, the platform administrator's API):
 * its entity.yaml must be valid and its flows must load, so a mistake is refused here rather than at the next start.
 * The row carries the folder, which every instance reads (at start and on its poll); registering the same folder
 * again refreshes the entity's name and settings.
 */
export async function registerEntityFolder(
  prisma: Db,
  folder: string,
  actions: ActionCatalog,
): Promise<{ id: string; slug: string; name: string; folder: string; created: boolean }> {
  const path = resolve(folder);
  const isDir = await stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) throw new EntityFolderError(`No existe la carpeta "${folder}".`);
  const file = await readEntityFile(join(path, 'entity.yaml')).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EntityFolderError(
      /ENOENT/.test(reason)
        ? `La carpeta "${folder}" no tiene entity.yaml: cree uno con slug y name.`
        : `El archivo entity.yaml no es válido: ${reason}`,
    );
  });
  const flows = await loadFlowBundle(path, { actions });
  if (!flows.ok) {
    const first = flows.errors.slice(0, 3).map(formatFlowError).join('; ');
    throw new EntityFolderError(`Los flujos de "${folder}" tienen ${flows.errors.length} error(es): ${first}`);
  }
  const existing = await prisma.entity.findUnique({ where: { slug: file.slug }, select: { folder: true } });
  if (existing && existing.folder !== path) {
    throw new EntityFolderError(
      `Ya existe una entidad con el slug "${file.slug}"${existing.folder ? ` (carpeta ${existing.folder})` : ''}. Use otro slug en entity.yaml.`,
    );
  }
  const data = { name: file.name, nit: file.nit ?? null, settings: file.settings as object, folder: path };
  const row = await prisma.entity.upsert({
    where: { slug: file.slug },
    create: { slug: file.slug, ...data },
    update: data,
    select: { id: true, slug: true, name: true },
  });
  return { ...row, folder: path, created: !existing };
}
