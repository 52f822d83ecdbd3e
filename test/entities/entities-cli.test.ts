import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../support/cli-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const fixtures = join(repoRoot, 'test/fixtures/entities');
/** A loaded shared machine takes 20 s and more to start a CLI process. */
const cliTimeout = 120_000;
const alcaldia = join(fixtures, 'alcaldia');
const personeria = join(fixtures, 'personeria');

describe('ventanilla entities', () => {
  let testDb: TestDatabase | undefined;
  let scratch: string | undefined;
  afterEach(async () => {
    await testDb?.drop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('lists the entities found and registered, adds a folder, and refuses bad folders in Spanish', async () => {
    testDb = await createTestDatabase('sqlite');
    scratch = await mkdtemp(join(tmpdir(), 'ventanilla-entities-'));
    const env = { DATABASE_URL: testDb.url, FLOWS_DIR: alcaldia };
    const list = async () => {
      const listed = await runCli(['entities', 'list', '--json'], env, cliTimeout);
      expect(listed.code, listed.stderr).toBe(0);
      return (JSON.parse(listed.stdout) as { entities: { slug: string; source: string }[] }).entities.map((e) => [
        e.slug,
        e.source,
      ]);
    };
    expect(await list()).toEqual([
      ['alcaldia-prueba', 'principal'],
      ['concejo-prueba', 'carpeta'],
    ]);

    const added = await runCli(['entities', 'add', personeria], env, cliTimeout);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Entidad registrada: Personería Municipal de Prueba (personeria-prueba)');
    expect(await list()).toEqual([
      ['alcaldia-prueba', 'principal'],
      ['concejo-prueba', 'carpeta'],
      ['personeria-prueba', 'registrada'],
    ]);

    const missing = await runCli(['entities', 'add', join(scratch, 'no-existe')], env, cliTimeout);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No existe la carpeta');

    // The same slug from another folder would take over that entity's data: refused.
    const copy = join(scratch, 'copia');
    await cp(personeria, copy, { recursive: true });
    const duplicate = await runCli(['entities', 'add', copy], env, cliTimeout);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('Ya existe una entidad con el slug "personeria-prueba"');

    // Broken flows are refused before the folder is registered, naming the file.
    await writeFile(join(copy, 'entity.yaml'), 'slug: otra-prueba\nname: Otra Entidad de Prueba\n');
    await writeFile(join(copy, 'principal.yaml'), 'version: 1\nid: principal\nnodes:\n  - id: saludo\n    type: say\n');
    const broken = await runCli(['entities', 'add', copy], env, cliTimeout);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/Los flujos de .* tienen \d+ error\(es\): .*principal\.yaml/);
    expect(await list()).toHaveLength(3);
  }, 600_000);

  it('adds staff to another entity with --entity, and names the entities when the slug is unknown', async () => {
    testDb = await createTestDatabase('sqlite');
    const env = { DATABASE_URL: testDb.url, FLOWS_DIR: alcaldia };
    const args = ['--name', 'Carla Concejo', '--email', 'carla@concejo.gov.co', '--role', 'agente', '--json'];
    const added = await runCli(['staff', 'add', '--entity', 'concejo-prueba', ...args], env, cliTimeout);
    expect(added.code, added.stderr).toBe(0);
    const listed = await runCli(['staff', 'list', '--entity', 'concejo-prueba', '--json'], env, cliTimeout);
    expect(listed.stdout).toContain('carla@concejo.gov.co');
    const first = await runCli(['staff', 'list', '--json'], env, cliTimeout);
    expect(first.stdout).not.toContain('carla@concejo.gov.co');
    const unknown = await runCli(['staff', 'add', '--entity', 'no-existe', ...args], env, cliTimeout);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'No hay una entidad «no-existe» en esta instalación. Entidades: alcaldia-prueba, concejo-prueba.',
    );
  }, 600_000);
});
