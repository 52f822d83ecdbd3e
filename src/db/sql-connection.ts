import { mkdirSync } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createClient, type InArgs } from '@libsql/client';
import pg from 'pg';
import { providerOf, type DatabaseProvider } from './provider.js';

export type Row = Record<string, unknown>;

/**
 * The little SQL the migration runner and the readiness check need, over the raw drivers rather than Prisma, so
 * migrations run before any Prisma client exists. Placeholders are written `?` and translated for PostgreSQL.
 */
export interface SqlConnection {
  readonly provider: DatabaseProvider;
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Runs a multi-statement script atomically: all of it or none. */
  script(sql: string): Promise<void>;
  /** Runs fn while holding the database-wide migration lock, so concurrent starts never apply a migration twice. */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Resolves `file:` URLs against the working directory and creates the folder, so a first start needs no step. */
export function sqliteFileUrl(databaseUrl: string): string {
  const path = databaseUrl.replace(/^file:(\/\/)?/, '');
  if (path === ':memory:') return 'file::memory:';
  const absolute = resolve(path);
  mkdirSync(dirname(absolute), { recursive: true });
  return `file:${absolute}`;
}

export async function openSqlConnection(databaseUrl: string): Promise<SqlConnection> {
  return providerOf(databaseUrl) === 'postgresql' ? openPostgres(databaseUrl) : openSqlite(databaseUrl);
}

function openSqlite(databaseUrl: string): SqlConnection {
  const client = createClient({ url: sqliteFileUrl(databaseUrl) });
  return {
    provider: 'sqlite',
    async query(sql, params = []) {
      const rs = await client.execute({ sql, args: params as InArgs });
      return rs.rows.map((r) => ({ ...r }));
    },
    async script(sql) {
      // "write" is BEGIN IMMEDIATE: SQLite's DDL is transactional, so a failing migration leaves nothing behind.
      const tx = await client.transaction('write');
      try {
        await tx.executeMultiple(sql);
        await tx.commit();
      } catch (error) {
        await tx.rollback().catch(() => undefined);
        throw error;
      } finally {
        tx.close();
      }
    },
    async withMigrationLock(fn) {
      // `ventanilla db migrate` may run while a server starts on the same file: a lock file beside the database
      // serialises them (SQLite has no advisory locks).
      return withLockFile(`${sqliteFileUrl(databaseUrl).replace(/^file:/, '')}.migrate-lock`, fn);
    },
    async close() {
      client.close();
    },
  };
}

async function openPostgres(databaseUrl: string): Promise<SqlConnection> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  const toPg = (sql: string) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  return {
    provider: 'postgresql',
    async query(sql, params = []) {
      const rs = await client.query(toPg(sql), params);
      return rs.rows as Row[];
    },
    async script(sql) {
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    async withMigrationLock(fn) {
      // The same advisory lock id as `prisma migrate deploy`, so our runner and Prisma's exclude each other too.
      await client.query('SELECT pg_advisory_lock(72707369)');
      try {
        return await fn();
      } finally {
        await client.query('SELECT pg_advisory_unlock(72707369)').catch(() => undefined);
      }
    },
    async close() {
      await client.end().catch(() => undefined);
    },
  };
}

async function withLockFile<T>(path: string, fn: () => Promise<T>, waitMs = 30_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a crashed process is stale after a minute; migrations take seconds.
      const age = await stat(path).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 60_000) await rm(path, { force: true });
      else if (Date.now() > deadline)
        throw new Error(`another process holds the migration lock ${path}`, { cause: error });
      else await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(path, { force: true });
  }
}
