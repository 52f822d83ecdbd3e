import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Db } from '../db/database.js';

/** Where a served entity's folder came from; `ventanilla entities list` shows it. */
export type EntitySource = 'principal' | 'carpeta' | 'registrada';

export interface EntityFolder {
  /** Absolute path of the folder that holds entity.yaml, the flows and knowledge/. */
  folder: string;
  source: EntitySource;
}

/** Subfolders of FLOWS_DIR that are further entities, each with its own entity.yaml. */
export const entitiesSubfolder = 'entidades';

/**
 * Every entity this deployment serves, first entity first: FLOWS_DIR itself, each FLOWS_DIR/entidades/<name>/ that
 * holds an entity.yaml (in name order), and the folders registered in the database with `ventanilla entities add`.
 * A folder found twice is served once.
 */
export async function entityFolders(flowsDir: string, prisma: Db): Promise<EntityFolder[]> {
  const primary = resolve(flowsDir);
  const found: EntityFolder[] = [{ folder: primary, source: 'principal' }];
  const below = join(primary, entitiesSubfolder);
  const names = await readdir(below, { withFileTypes: true }).catch(() => []);
  for (const name of names
    .filter((n) => n.isDirectory())
    .map((n) => n.name)
    .sort()) {
    const folder = join(below, name);
    if (await isFile(join(folder, 'entity.yaml'))) found.push({ folder, source: 'carpeta' });
  }
  const registered = await prisma.entity.findMany({
    where: { folder: { not: null } },
    select: { folder: true },
    orderBy: { createdAt: 'asc' },
  });
  for (const row of registered) if (row.folder) found.push({ folder: resolve(row.folder), source: 'registrada' });
  const seen = new Set<string>();
  return found.filter((f) => (seen.has(f.folder) ? false : (seen.add(f.folder), true)));
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
