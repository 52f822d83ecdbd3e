import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';

/** flows/entity.yaml: who the entity is. Read at start so the demo content needs no manual step. */
export const EntityFile = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'use solo minúsculas, números y guiones (por ejemplo "san-isidro")'),
  name: z.string().min(3).max(200),
  nit: z
    .string()
    .regex(/^\d{9,10}$/, 'escriba solo los dígitos del NIT, con el dígito de verificación al final')
    .optional(),
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type EntityFile = z.infer<typeof EntityFile>;

export async function readEntityFile(path: string): Promise<EntityFile> {
  const parsed = EntityFile.safeParse(parse(await readFile(path, 'utf8')));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(archivo)'}: ${i.message}`).join('; ');
  throw new Error(`${path}: ${problems}`);
}
