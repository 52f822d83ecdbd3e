import { mkdtemp, mkdir, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsDir, readMigrations } from '../../src/db/migration-files.js';
import { migrate, migrationStatus, MigrationError } from '../../src/db/migrate.js';
import { openSqlConnection, type SqlConnection } from '../../src/db/sql-connection.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';

describe.each(testProviders)('migrations on %s', (provider) => {
  let db: TestDatabase;
  const open: SqlConnection[] = [];
  const connect = async () => {
    const conn = await openSqlConnection(db.url);
    open.push(conn);
    return conn;
  };

  afterEach(async () => {
    for (const conn of open.splice(0)) await conn.close();
    await db?.drop();
  });

  it('apply on an empty database, are recorded like Prisma does, and a second run applies nothing', async () => {
    db = await createTestDatabase(provider);
    const conn = await connect();
    const files = await readMigrations(migrationsDir(provider));
    expect(files.length).toBeGreaterThan(0);

    const before = await migrationStatus(conn, migrationsDir(provider));
    expect(before.migrations.map((m) => m.state)).toEqual(files.map(() => 'pending'));
    expect(before.upToDate).toBe(false);

    expect(await migrate(conn, migrationsDir(provider))).toEqual(files.map((f) => f.name));
    expect(await migrate(conn, migrationsDir(provider))).toEqual([]);

    const rows = await conn.query('SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations"');
    expect(rows).toEqual(files.map((f) => ({ migration_name: f.name, checksum: f.checksum, applied_steps_count: 1 })));
    const after = await migrationStatus(conn, migrationsDir(provider));
    expect(after.upToDate).toBe(true);
    expect(after.migrations.every((m) => m.state === 'applied' && !m.modified)).toBe(true);

    const tables = await conn.query(
      provider === 'sqlite'
        ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Message'`
        : `SELECT table_name AS name FROM information_schema.tables WHERE table_name = 'Message'`,
    );
    expect(tables).toHaveLength(1);
  });

  it('two concurrent runs apply each migration exactly once', async () => {
    db = await createTestDatabase(provider);
    const [a, b] = [await connect(), await connect()];
    const results = await Promise.all([migrate(a, migrationsDir(provider)), migrate(b, migrationsDir(provider))]);
    const files = await readMigrations(migrationsDir(provider));
    expect(results.flat().sort()).toEqual(files.map((f) => f.name).sort());
    const rows = await a.query('SELECT migration_name FROM "_prisma_migrations"');
    expect(rows).toHaveLength(files.length);
  });

  it('a failing migration changes nothing, is reported as failed, and is retried once fixed', async () => {
    db = await createTestDatabase(provider);
    const dir = await mkdtemp(join(tmpdir(), 'ventanilla-migrations-'));
    await cp(migrationsDir(provider), dir, { recursive: true });
    const broken = join(dir, '99990101000000_broken');
    await mkdir(broken);
    await writeFile(join(broken, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\nTHIS IS NOT SQL;\n');
    const conn = await connect();

    await expect(migrate(conn, dir)).rejects.toBeInstanceOf(MigrationError);
    const status = await migrationStatus(conn, dir);
    expect(status.migrations.at(-1)).toMatchObject({ name: '99990101000000_broken', state: 'failed', retryable: true });
    const half = await conn.query(
      provider === 'sqlite'
        ? `SELECT name FROM sqlite_master WHERE name = 'Half'`
        : `SELECT table_name FROM information_schema.tables WHERE table_name = 'Half'`,
    );
    expect(half).toHaveLength(0);
    const failures = await conn.query(
      `SELECT logs FROM "_prisma_migrations" WHERE migration_name = '99990101000000_broken'`,
    );
    expect(String(failures[0]?.logs)).not.toBe('');

    await writeFile(join(broken, 'migration.sql'), 'CREATE TABLE "Half" ("id" TEXT);\n');
    expect(await migrate(conn, dir)).toEqual(['99990101000000_broken']);
    expect((await migrationStatus(conn, dir)).upToDate).toBe(true);
  });

  it('refuses to go on past a migration another tool left half-applied', async () => {
    db = await createTestDatabase(provider);
    const conn = await connect();
    await migrate(conn, migrationsDir(provider));
    const first = (await readMigrations(migrationsDir(provider)))[0]!;
    await conn.query('UPDATE "_prisma_migrations" SET finished_at = NULL WHERE migration_name = ?', [first.name]);
    const status = await migrationStatus(conn, migrationsDir(provider));
    expect(status.migrations[0]?.state).toBe('failed');
    await expect(migrate(conn, migrationsDir(provider))).rejects.toThrow(/prisma migrate resolve --rolled-back/);
  });
});
