import { join, resolve } from 'node:path';
import { parsePqrsdSettings } from '../cases/pqrsd-settings.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { ensureEntity } from '../entities/ensure-entity.js';
import { readEntityFile, type EntityFile } from '../entities/entity-file.js';
import { entityFolders } from '../entities/entity-folders.js';
import type { Db } from '../db/database.js';
import { parseAtencionSettings } from '../handoff/atencion-settings.js';
import { createLogger } from '../logger.js';
import { migrateDatabase } from '../server.js';
import { StaffDirectory, StaffValidationError } from '../staff/staff-directory.js';
import { staffRoles, type StaffRole } from '../staff/staff-roles.js';
import { UsageError } from './spanish-help.js';

/** What `staff` and `agents` commands work with: the entity's people, and the lists their options are checked against. */
export interface StaffContext {
  directory: StaffDirectory;
  dependencies: string[];
  areas: { id: string; name: string }[];
}

/** Spanish names people type for roles, besides the role ids themselves. */
const roleAliases: Readonly<Record<string, StaffRole>> = {
  administrador: 'admin',
  'control-interno': 'control_interno',
  controlinterno: 'control_interno',
  'control-interno-disciplinario': 'control_interno_disciplinario',
  disciplinario: 'control_interno_disciplinario',
};

/** A usage or validation problem is the person's to fix: its Spanish message alone, and exit code 1. */
export function failCommand(error: unknown): void {
  const message =
    error instanceof StaffValidationError || error instanceof UsageError
      ? error.message
      : `Error inesperado: ${(error as Error).message}`;
  console.error(message);
  process.exitCode = 1;
}

/**
 * Runs `fn` with the people of one entity (by default the first, FLOWS_DIR/entity.yaml; `--entity <slug>` names
 * another the deployment serves), in the database of DATABASE_URL (migrated first, like the server does). Settings
 * are checked before anything is written, so a broken entity file changes nothing.
 */
export async function withStaff<T>(slug: string | undefined, fn: (context: StaffContext) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const first = slug === undefined ? await readEntityFile(join(resolve(config.FLOWS_DIR), 'entity.yaml')) : undefined;
  const logger = createLogger({ ...config, LOG_LEVEL: 'warn' });
  await migrateDatabase(config, logger);
  const database = await openDatabase(config.DATABASE_URL);
  try {
    const file = first ?? (await entityFileFor(config.FLOWS_DIR, database.prisma, slug));
    const { dependencies } = parsePqrsdSettings(file.settings);
    const { areas } = parseAtencionSettings(file.settings);
    const entity = await ensureEntity(database.prisma, file);
    return await fn({ directory: new StaffDirectory(database.prisma, entity.id), dependencies, areas });
  } finally {
    await database.close();
  }
}

/** Another entity of the deployment, by its slug. */
async function entityFileFor(flowsDir: string, prisma: Db, slug: string | undefined): Promise<EntityFile> {
  const folders = await entityFolders(flowsDir, prisma);
  const files = await Promise.all(
    folders.map((f) => readEntityFile(join(f.folder, 'entity.yaml')).catch(() => undefined)),
  );
  const file = files.find((f) => f?.slug === slug);
  if (file) return file;
  const known = files.flatMap((f) => (f ? [f.slug] : []));
  throw new UsageError(`No hay una entidad «${slug ?? ''}» en esta instalación. Entidades: ${known.join(', ')}.`);
}

/** commander's collector for repeatable options (`--role a --role b`). */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function parseRoles(values: string[]): StaffRole[] {
  if (values.length === 0) {
    throw new UsageError(`Indique al menos un rol con --role. Roles posibles: ${staffRoles.join(', ')}.`);
  }
  const roles = values.map((v) => {
    const key = v.trim().toLowerCase();
    return roleAliases[key] ?? key;
  });
  const unknown = roles.filter((r) => !(staffRoles as readonly string[]).includes(r));
  if (unknown.length > 0) {
    throw new UsageError(
      `Rol no válido: ${unknown.map((r) => `«${r}»`).join(', ')}. Roles posibles: ${staffRoles.join(', ')}.`,
    );
  }
  return [...new Set(roles as StaffRole[])];
}
