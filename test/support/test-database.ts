import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Database, DatabaseOptions } from '../../src/db/database.js';
import type { DatabaseProvider } from '../../src/db/provider.js';

/**
 * Database tests run on a real SQLite file always, and on a real PostgreSQL when TEST_POSTGRES_URL names a server
 * (`npm run test:pg` and CI start a throwaway cluster). Each test database is new and dropped afterwards.
 * `npm run test:pg` sets TEST_PROVIDERS=postgresql: `npm test` has just run the same files on SQLite, and running them
 * again on SQLite there only cost CI minutes.
 */
const onlyProviders = process.env.TEST_PROVIDERS?.split(',').filter((p): p is DatabaseProvider =>
  ['sqlite', 'postgresql'].includes(p),
);
export const testProviders: DatabaseProvider[] =
  onlyProviders && onlyProviders.length > 0
    ? onlyProviders
    : process.env.TEST_POSTGRES_URL
      ? ['sqlite', 'postgresql']
      : ['sqlite'];

export interface TestDatabase {
  provider: DatabaseProvider;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (provider === 'sqlite') {
    const file = join(tmpdir(), `ventanilla-${name}.db`);
    return {
      provider,
      url: `file:${file}`,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(file + suffix, { force: true });
      },
    };
  }
  const admin = adminUrl();
  await adminQuery(admin, `CREATE DATABASE "${name}"`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A migrated test database with the application's Prisma handle open on it. */
export async function openMigratedDatabase(
  provider: DatabaseProvider,
  options: DatabaseOptions = {},
): Promise<{
  database: Database;
  url: string;
  close(): Promise<void>;
}> {
  const { openDatabase } = await import('../../src/db/database.js');
  const testDb = await createMigratedDatabase(provider);
  const database = await openDatabase(testDb.url, options);
  return {
    database,
    url: testDb.url,
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}

/**
 * A new database as `migrate` leaves it, copied from a template migrated once per set of migrations: running the 23
 * migrations for every test cost ~0.1 s on SQLite and ~0.3 s on PostgreSQL, minutes of CI over the suite. The
 * template's name carries a hash of the migration files, so a changed migration makes a new one.
 */
export async function createMigratedDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  const template = await migratedTemplate(provider);
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  if (provider === 'sqlite') {
    const file = join(tmpdir(), `ventanilla-${name}.db`);
    await copyFile(template, file);
    return {
      provider,
      url: `file:${file}`,
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(file + suffix, { force: true });
      },
    };
  }
  const admin = adminUrl();
  // CREATE DATABASE … TEMPLATE refuses while another session is connected to the template, which a worker creating
  // it may briefly be: wait and retry rather than fail the test.
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(admin, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    provider,
    url: url.toString(),
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

const templates = new Map<DatabaseProvider, Promise<string>>();

function migratedTemplate(provider: DatabaseProvider): Promise<string> {
  let template = templates.get(provider);
  if (!template) {
    template = buildTemplate(provider);
    templates.set(provider, template);
    // A failed build is not remembered: the next test tries again and reports its own error.
    template.catch(() => templates.delete(provider));
  }
  return template;
}

/** The template for this worker; the test workers are separate processes, so the build is guarded across them. */
async function buildTemplate(provider: DatabaseProvider): Promise<string> {
  const { migrate } = await import('../../src/db/migrate.js');
  const { migrationsDir, readMigrations } = await import('../../src/db/migration-files.js');
  const { openSqlConnection } = await import('../../src/db/sql-connection.js');
  const dir = migrationsDir(provider);
  const hash = createHash('sha256')
    .update((await readMigrations(dir)).map((m) => `${m.name}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const migrateInto = async (url: string) => {
    const conn = await openSqlConnection(url);
    try {
      await migrate(conn, dir);
    } finally {
      await conn.close();
    }
  };
  if (provider === 'sqlite') {
    const file = join(tmpdir(), `ventanilla-template-${hash}.db`);
    if (existsSync(file)) return file;
    // Built under a name of its own and renamed into place: a worker never copies a half-migrated file.
    const building = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await migrateInto(`file:${building}`);
    for (const suffix of ['-wal', '-shm', '-journal']) {
      if (existsSync(building + suffix)) throw new Error(`template ${building}: ${suffix} left after close`);
    }
    await rename(building, file);
    return file;
  }
  const admin = adminUrl();
  const name = `template_${hash}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    // One worker builds it; the others wait on the lock and then find it.
    await client.query('SELECT pg_advisory_lock(874201)');
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const building = `${name}_building`;
      await client.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      await client.query(`CREATE DATABASE "${building}"`);
      const url = new URL(admin);
      url.pathname = `/${building}`;
      await migrateInto(url.toString());
      await client.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock(874201)').catch(() => undefined);
    await client.end();
  }
  return name;
}

function adminUrl(): string {
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) throw new Error('TEST_POSTGRES_URL is not set');
  return admin;
}
