import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { readMigrations, type MigrationFile } from './migration-files.js';
import type { Row, SqlConnection } from './sql-connection.js';

/**
 * Applies migration SQL in Prisma's layout and records each one in Prisma's own `_prisma_migrations` table with the
 * same checksum, so `prisma migrate deploy` and `prisma migrate status` agree with us wherever the native engine can
 * be had. Each migration runs in one transaction: a failure leaves the schema as it was and is recorded as rolled
 * back, so it is retried once the file is fixed.
 */

const createTable: Record<SqlConnection['provider'], string> = {
  sqlite: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "checksum" TEXT NOT NULL,
    "finished_at" DATETIME,
    "migration_name" TEXT NOT NULL,
    "logs" TEXT,
    "rolled_back_at" DATETIME,
    "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
  )`,
  postgresql: `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`,
};

export type MigrationState = 'applied' | 'pending' | 'failed';

export interface MigrationStatusRow {
  name: string;
  state: MigrationState;
  appliedAt?: string;
  /** The recorded checksum differs from the file: somebody edited an applied migration. */
  modified?: boolean;
  error?: string;
  /** A failed attempt that was rolled back cleanly: the next `migrate` retries it. */
  retryable?: boolean;
}

export interface MigrationStatus {
  migrations: MigrationStatusRow[];
  /** Applied in the database but absent from the folder (the database is ahead of this code). */
  unknown: string[];
  upToDate: boolean;
}

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly migration: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

/** A row of `_prisma_migrations`; dates and logs stay as each driver gives them (asIso reads both kinds of date). */
const RecordRow = z.object({
  id: z.string(),
  migration_name: z.string(),
  checksum: z.string(),
  finished_at: z.unknown(),
  rolled_back_at: z.unknown(),
  started_at: z.unknown(),
  logs: z.unknown(),
});
type RecordRow = z.infer<typeof RecordRow>;

async function records(conn: SqlConnection): Promise<RecordRow[]> {
  const rows: Row[] = await conn.query(
    'SELECT id, migration_name, checksum, finished_at, rolled_back_at, started_at, logs FROM "_prisma_migrations" ORDER BY started_at, migration_name',
  );
  return z.array(RecordRow).parse(rows);
}

async function hasTable(conn: SqlConnection): Promise<boolean> {
  const sql =
    conn.provider === 'sqlite'
      ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`
      : `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`;
  const rows = await conn.query(sql);
  return conn.provider === 'sqlite' ? rows.length > 0 : Boolean(rows[0]?.present);
}

function asIso(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const d = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(d.getTime()) ? String(value) : d.toISOString();
}

function classify(files: MigrationFile[], rows: RecordRow[]): MigrationStatus {
  const byName = new Map<string, RecordRow[]>();
  for (const r of rows) byName.set(r.migration_name, [...(byName.get(r.migration_name) ?? []), r]);
  const migrations = files.map((f): MigrationStatusRow => {
    const mine = byName.get(f.name) ?? [];
    const done = mine.find((r) => r.finished_at !== null && r.rolled_back_at === null);
    if (done) {
      return {
        name: f.name,
        state: 'applied',
        appliedAt: asIso(done.finished_at),
        ...(done.checksum !== f.checksum ? { modified: true } : {}),
      };
    }
    const last = mine.at(-1);
    if (last && last.finished_at === null) {
      return {
        name: f.name,
        state: 'failed',
        retryable: last.rolled_back_at !== null,
        ...(typeof last.logs === 'string' ? { error: last.logs } : {}),
      };
    }
    return { name: f.name, state: 'pending' };
  });
  const known = new Set(files.map((f) => f.name));
  const unknown = [
    ...new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name)),
  ].filter((n) => !known.has(n));
  return { migrations, unknown, upToDate: migrations.every((m) => m.state === 'applied') };
}

/** Reports applied, pending and failed migrations without changing anything. */
export async function migrationStatus(conn: SqlConnection, dir: string): Promise<MigrationStatus> {
  const files = await readMigrations(dir);
  const rows = (await hasTable(conn)) ? await records(conn) : [];
  return classify(files, rows);
}

/** Applies every pending migration in order; returns the names applied. Safe to call at every start. */
export async function migrate(conn: SqlConnection, dir: string): Promise<string[]> {
  const files = await readMigrations(dir);
  return conn.withMigrationLock(async () => {
    await conn.query(createTable[conn.provider]);
    const status = classify(files, await records(conn));
    const blocked = status.migrations.find((m) => m.state === 'failed' && !m.retryable);
    if (blocked) {
      // Left half-applied by another tool (our own failures are rolled back and retried): a person must look.
      throw new MigrationError(
        `Migration ${blocked.name} failed earlier and was not rolled back; fix the database, then mark it rolled back (prisma migrate resolve --rolled-back ${blocked.name})`,
        blocked.name,
      );
    }
    const applied: string[] = [];
    for (const file of files) {
      if (status.migrations.find((m) => m.name === file.name)?.state === 'applied') continue;
      const id = randomUUID();
      const startedAt = new Date().toISOString();
      // The record goes in the same transaction as the schema change: a crash in between can leave neither or both.
      const record = `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, started_at, applied_steps_count) VALUES (${[
        id,
        file.checksum,
        file.name,
        new Date().toISOString(),
        startedAt,
      ]
        .map(literal)
        .join(', ')}, 1);`;
      try {
        await conn.script(`${file.sql}\n;\n${record}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await conn.query(
          'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, ?, 0)',
          [id, file.checksum, file.name, message, new Date().toISOString(), startedAt],
        );
        throw new MigrationError(`Migration ${file.name} failed and was rolled back: ${message}`, file.name);
      }
      applied.push(file.name);
    }
    return applied;
  });
}

function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
