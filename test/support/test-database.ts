import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
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
  const admin = process.env.TEST_POSTGRES_URL;
  if (!admin) throw new Error('TEST_POSTGRES_URL is not set');
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
  const { migrate } = await import('../../src/db/migrate.js');
  const { migrationsDir } = await import('../../src/db/migration-files.js');
  const { openSqlConnection } = await import('../../src/db/sql-connection.js');
  const testDb = await createTestDatabase(provider);
  const conn = await openSqlConnection(testDb.url);
  try {
    await migrate(conn, migrationsDir(provider));
  } finally {
    await conn.close();
  }
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
