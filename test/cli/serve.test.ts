import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { runCli, startServerProcess } from '../support/cli-process.js';
import { createTestDatabase, testProviders } from '../support/test-database.js';

describe.each(testProviders)('ventanilla serve on %s', (provider) => {
  it('migrates an empty database, serves /health and /ready, stops on SIGTERM, and a second start reuses the data', async () => {
    const testDb = await createTestDatabase(provider);
    try {
      const first = await startServerProcess({ DATABASE_URL: testDb.url });
      expect((await fetch(`${first.url}/health`)).status).toBe(200);
      const ready = await fetch(`${first.url}/ready`);
      expect(ready.status).toBe(200);
      expect(await first.stop('SIGTERM')).toBe(0);
      expect(first.logs()).toContain('"msg":"stopped"');
      expect(first.logs()).toContain('"msg":"migrations applied"');

      const second = await startServerProcess({ DATABASE_URL: testDb.url });
      expect((await fetch(`${second.url}/ready`)).status).toBe(200);
      expect(second.logs()).not.toContain('"msg":"migrations applied"');
      expect(await second.stop('SIGINT')).toBe(0);

      const database = await openDatabase(testDb.url);
      try {
        const entities = await database.prisma.entity.findMany();
        // The demo ships two entities: the alcaldía (flows/) and its concejo (flows/entidades/concejo/).
        expect(entities.map((e) => e.slug).sort()).toEqual(['concejo-san-isidro', 'san-isidro']);
      } finally {
        await database.close();
      }
    } finally {
      await testDb.drop();
    }
    // Two full server starts (each migrates or checks, builds the knowledge index and trains the intents first).
  }, 60_000);
});

describe('bad configuration', () => {
  it.each([
    ['PORT', 'abc'],
    ['DATABASE_URL', 'mysql://root@localhost/ventanilla'],
  ])('%s=%s stops the start with one clear line naming the variable', async (variable, value) => {
    const result = await runCli(['serve'], { [variable]: value, LOG_LEVEL: 'info' });
    expect(result.code).toBe(1);
    const lines = result.stderr
      .trim()
      .split('\n')
      .filter((l) => !l.includes('nodedir'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^ventanilla: Configuración no válida: ${variable} `));
    expect(lines[0]).toContain(`(recibido "${value}")`);
  });

  it('production without WIDGET_SECRET stops the start naming it', async () => {
    const result = await runCli(['serve'], { NODE_ENV: 'production', WIDGET_SECRET: '', LOG_LEVEL: 'info' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^ventanilla: Configuración no válida: WIDGET_SECRET es obligatoria en producción/m);
  });

  it('production with a guessable WIDGET_SECRET stops the start with a clear line that does not show it', async () => {
    const secret = 'alcaldia2026alcaldia2026alcaldia2026';
    const result = await runCli(['serve'], { NODE_ENV: 'production', WIDGET_SECRET: secret, LOG_LEVEL: 'info' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^ventanilla: Configuración no válida: WIDGET_SECRET es demasiado fácil de adivinar: repite el mismo grupo de caracteres\. Genere una al azar, por ejemplo con openssl rand -base64 32/m,
    );
    expect(result.stderr).not.toContain(secret);
  });
});
