/**
 * Developer tool: writes a new migration for both providers from the difference between the existing migrations and
 * prisma/schema.prisma, using Prisma's schema engine compiled to WebAssembly (no native engine download).
 *
 *   npm run db:migration -- add_cases       write prisma/migrations/{sqlite,postgresql}/<timestamp>_add_cases/
 *   npm run db:migration -- --check         exit 1 when the schema has changes no migration captures
 *
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { deriveSchema } from '../src/db/derive-schema.js';
import { migrationsDir, prismaDir } from '../src/db/migration-files.js';
import type { DatabaseProvider } from '../src/db/provider.js';
import { loadSchemaEngine } from './lib/schema-engine.js';
import { migrate } from '../src/db/migrate.js';
import { postgresDialectAdapter } from './lib/postgres-dialect-adapter.js';
import { openSqlConnection } from '../src/db/sql-connection.js';

const filters = { externalTables: [], externalEnums: [] };

/**
 * What a new migration must contain for each provider.
 * - SQLite: the existing migrations are applied with the application's own runner to a temporary file, which the
 *   engine then introspects: this proves both the migrations and the runner produce the schema.
 * - PostgreSQL: the WebAssembly engine cannot introspect a live PostgreSQL through the driver adapter (it fails on
 *   catalog column types), so the diff starts from the schema as of the newest migration, kept beside them.
 */
const snapshotPath = () => join(prismaDir(), 'migrations', 'schema.snapshot.prisma');

export async function pendingSchemaChange(provider: DatabaseProvider): Promise<string> {
  const source = await readFile(join(prismaDir(), 'schema.prisma'), 'utf8');
  const content = deriveSchema(source, provider);
  const target = { tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content }] };
  if (provider === 'sqlite') {
    const file = join(tmpdir(), `ventanilla-diff-${process.pid}-${Date.now()}.db`);
    const conn = await openSqlConnection(`file:${file}`);
    try {
      await migrate(conn, migrationsDir('sqlite'));
    } finally {
      await conn.close();
    }
    const engine = await loadSchemaEngine(
      { path: 'schema.prisma', content },
      new PrismaLibSql({ url: `file:${file}` }),
    );
    try {
      const live = { tag: 'schemaDatasource' as const, files: target.files, configDir: process.cwd() };
      return emptyToBlank(
        (await engine.diff({ from: live, to: target, script: true, exitCode: null, filters })).stdout,
      );
    } finally {
      engine.free();
      await rm(file, { force: true });
    }
  }
  const snapshot = existsSync(snapshotPath()) ? deriveSchema(await readFile(snapshotPath(), 'utf8'), provider) : '';
  const engine = await loadSchemaEngine({ path: 'schema.prisma', content }, postgresDialectAdapter());
  try {
    const from = snapshot
      ? { tag: 'schemaDatamodel' as const, files: [{ path: 'schema.prisma', content: snapshot }] }
      : { tag: 'empty' as const };
    return emptyToBlank((await engine.diff({ from, to: target, script: true, exitCode: null, filters })).stdout);
  } finally {
    engine.free();
  }
}

function emptyToBlank(stdout: string | null): string {
  const sql = (stdout ?? '').trim();
  return sql === '-- This is an empty migration.' ? '' : sql;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const name = args.find((a) => !a.startsWith('--'));
  if (!check && !name?.match(/^[a-z0-9_]+$/)) {
    console.error('usage: npm run db:migration -- <name in snake_case> | --check');
    process.exit(2);
  }
  const source = await readFile(join(prismaDir(), 'schema.prisma'), 'utf8');
  const derivedPath = join(prismaDir(), 'postgresql', 'schema.prisma');
  const derived = deriveSchema(source, 'postgresql');
  const derivedStale = !existsSync(derivedPath) || (await readFile(derivedPath, 'utf8')) !== derived;

  {
    const changes = {
      sqlite: await pendingSchemaChange('sqlite'),
      postgresql: await pendingSchemaChange('postgresql'),
    };
    if (check) {
      const drift = Object.entries(changes).filter(([, sql]) => sql !== '');
      if (derivedStale) console.error('prisma/postgresql/schema.prisma is stale: run npm run db:migration -- <name>');
      for (const [provider, sql] of drift) console.error(`${provider}: schema changes without a migration:\n${sql}`);
      process.exit(drift.length > 0 || derivedStale ? 1 : 0);
    }
    await mkdir(join(prismaDir(), 'postgresql'), { recursive: true });
    await writeFile(derivedPath, derived);
    if (!changes.sqlite && !changes.postgresql) {
      console.log('No schema changes: no migration written.');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    for (const provider of ['sqlite', 'postgresql'] as const) {
      const dir = migrationsDir(provider);
      const folder = join(dir, `${stamp}_${name}`);
      await mkdir(folder, { recursive: true });
      await writeFile(join(folder, 'migration.sql'), `${changes[provider]}\n`);
      await writeFile(
        join(dir, 'migration_lock.toml'),
        `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
      );
      console.log(`wrote ${folder}/migration.sql`);
    }
    await writeFile(snapshotPath(), source);
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) await main();
