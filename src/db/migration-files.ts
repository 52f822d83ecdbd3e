import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { DatabaseProvider } from './provider.js';

/** One migration folder in Prisma's layout: `prisma/migrations/<provider>/<timestamp>_<name>/migration.sql`. */
export interface MigrationFile {
  name: string;
  sql: string;
  /** sha256 of the file, as Prisma records it in `_prisma_migrations.checksum`. */
  checksum: string;
}

/** The repository's prisma/ folder, found from this file both in src/ (tsx, tests) and in dist/ (built). */
export function prismaDir(): string {
  for (const up of ['../../prisma', '../../../prisma']) {
    const dir = fileURLToPath(new URL(up, import.meta.url));
    if (existsSync(join(dir, 'schema.prisma'))) return dir;
  }
  throw new Error('prisma/schema.prisma not found next to the application');
}

export function migrationsDir(provider: DatabaseProvider): string {
  return join(prismaDir(), 'migrations', provider);
}

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Reads the migrations of a provider in the order Prisma applies them (folder name order). */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const out: MigrationFile[] = [];
  for (const name of names) {
    const file = join(dir, name, 'migration.sql');
    if (!existsSync(file)) continue;
    const sql = await readFile(file, 'utf8');
    out.push({ name, sql, checksum: checksumOf(sql) });
  }
  return out;
}
