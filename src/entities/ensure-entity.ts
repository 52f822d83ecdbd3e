import type { Db } from '../db/database.js';
import type { EntityFile } from './entity-file.js';

/** Creates the entity on first start and keeps its name, NIT and settings in step with the file afterwards. */
export async function ensureEntity(prisma: Db, file: EntityFile): Promise<{ id: string; slug: string }> {
  const data = { name: file.name, nit: file.nit ?? null, settings: file.settings as object };
  const entity = await prisma.entity.upsert({
    where: { slug: file.slug },
    create: { slug: file.slug, ...data },
    update: data,
    select: { id: true, slug: true },
  });
  return entity;
}
