import { describe, expect, it } from 'vitest';
import { migrationsDir, readMigrations } from '../../src/db/migration-files.js';
import { runCli } from '../support/cli-process.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';

describe.each(testProviders)('ventanilla db on %s', (provider) => {
  it('status lists pending migrations (exit 1), migrate applies them, status is then up to date (exit 0)', async () => {
    const testDb = await createTestDatabase(provider);
    const env = { DATABASE_URL: testDb.url };
    const names = (await readMigrations(migrationsDir(provider))).map((m) => m.name);
    try {
      const before = await runCli(['db', 'status', '--json'], env);
      expect(before.code).toBe(1);
      expect(JSON.parse(before.stdout)).toMatchObject({
        provider,
        upToDate: false,
        migrations: names.map((name) => ({ name, state: 'pending' })),
      });

      const migrated = await runCli(['db', 'migrate', '--json'], env);
      expect(migrated.code).toBe(0);
      expect(JSON.parse(migrated.stdout)).toEqual({ applied: names });

      const again = await runCli(['db', 'migrate'], env);
      expect(again.stdout.trim()).toBe('La base de datos está al día.');

      const after = await runCli(['db', 'status'], env);
      expect(after.code).toBe(0);
      expect(after.stdout).toMatch(new RegExp(`aplicada +${names[0]}`));
      expect(after.stdout).toContain('Al día.');
    } finally {
      await testDb.drop();
    }
    // Three command-line processes, each loading the CLI and the migration runner.
  }, 60_000);
});

describe('ventanilla --help', () => {
  it.each([[[]], [['serve']], [['db']], [['db', 'migrate']], [['db', 'status']]])(
    'ventanilla %j --help exits 0',
    async (args) => {
      const result = await runCli([...args, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Uso: ventanilla/);
    },
  );

  it('an unknown command exits non-zero with a hint', async () => {
    const result = await runCli(['fly']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('el comando «fly» no existe');
  });
});
