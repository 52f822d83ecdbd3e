import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/database.js';
import { hashToken, StaffDirectory } from '../../src/staff/staff-directory.js';
import { runCli } from '../support/cli-process.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';

const entityYaml = `slug: prueba-staff
name: Alcaldía de Prueba
settings:
  pqrsd:
    dependencias:
      - Secretaría de Hacienda
      - Secretaría de Gobierno
`;

describe.each(testProviders)('ventanilla staff on %s', (provider) => {
  let testDb: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-staff-'));
    await writeFile(join(dir, 'entity.yaml'), entityYaml);
    env = { DATABASE_URL: testDb.url, FLOWS_DIR: dir, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The directory of the entity the command created, on the same database. */
  async function withDirectory<T>(fn: (directory: StaffDirectory, database: Database) => Promise<T>): Promise<T> {
    const database = await openDatabase(testDb.url);
    try {
      const entity = await database.prisma.entity.findUniqueOrThrow({ where: { slug: 'prueba-staff' } });
      return await fn(new StaffDirectory(database.prisma, entity.id), database);
    } finally {
      await database.close();
    }
  }

  const tokenIn = (text: string) => /vnt_[A-Za-z0-9_-]{20,}/.exec(text)?.[0];

  it('add prints a token once, with a warning in Spanish, and that token authenticates', async () => {
    const r = await runCli(
      [
        'staff',
        'add',
        '--name',
        'Fabio Funcionario',
        '--email',
        'Fabio@Prueba.gov.co',
        '--role',
        'funcionario',
        '--role',
        'gestor',
        '--dependency',
        'Secretaría de Hacienda',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Se agregó a Fabio Funcionario (fabio@prueba.gov.co)');
    expect(r.stdout).toContain('no se volverá a mostrar');
    const token = tokenIn(r.stdout);
    expect(token).toBeDefined();

    const actor = await withDirectory((directory) => directory.authenticate(token!));
    expect(actor).toMatchObject({
      name: 'Fabio Funcionario',
      roles: ['funcionario', 'gestor'],
      dependency: 'Secretaría de Hacienda',
    });

    const json = await runCli(
      [
        'staff',
        'add',
        '--name',
        'Carmen Control',
        '--email',
        'control@prueba.gov.co',
        '--role',
        'control_interno',
        '--json',
      ],
      env,
    );
    expect(json.code).toBe(0);
    const added = JSON.parse(json.stdout) as { token: string; roles: string[]; warning: string };
    expect(added.roles).toEqual(['control_interno']);
    expect(added.warning).toContain('no se volverá a mostrar');
    expect(await withDirectory((directory) => directory.authenticate(added.token))).toMatchObject({
      name: 'Carmen Control',
    });
  });

  it('refuses a funcionario without a dependency, or with one the entity does not have, with exit 1 and a Spanish message', async () => {
    const none = await runCli(
      ['staff', 'add', '--name', 'Nadia Nadie', '--email', 'nadia@prueba.gov.co', '--role', 'funcionario'],
      env,
    );
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Un funcionario debe tener una dependencia (--dependency).');

    const unknown = await runCli(
      [
        'staff',
        'add',
        '--name',
        'Nadia Nadie',
        '--email',
        'nadia@prueba.gov.co',
        '--role',
        'funcionario',
        '--dependency',
        'Secretaría de Cultura',
      ],
      env,
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('La dependencia «Secretaría de Cultura» no está en la lista de la entidad');
    expect(unknown.stderr).toContain('Secretaría de Hacienda');

    const badRole = await runCli(
      ['staff', 'add', '--name', 'Nadia Nadie', '--email', 'nadia@prueba.gov.co', '--role', 'alcalde'],
      env,
    );
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('Rol no válido: «alcalde». Roles posibles: gestor, funcionario');

    expect(
      await withDirectory(async (directory) => (await directory.list()).some((p) => p.email === 'nadia@prueba.gov.co')),
    ).toBe(false);
  });

  it('list --json shows people and roles but never a token or its hash', async () => {
    const added = await runCli(
      [
        'staff',
        'add',
        '--name',
        'Sergio Supervisor',
        '--email',
        'sergio@prueba.gov.co',
        '--role',
        'supervisor',
        '--json',
      ],
      env,
    );
    expect(added.code).toBe(0);
    const token = (JSON.parse(added.stdout) as { token: string }).token;

    const r = await runCli(['staff', 'list', '--json'], env);
    expect(r.code).toBe(0);
    const people = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(people).toContainEqual({
      name: 'Sergio Supervisor',
      email: 'sergio@prueba.gov.co',
      roles: ['supervisor'],
      dependency: null,
      active: true,
    });
    for (const person of people)
      expect(Object.keys(person).sort()).toEqual(['active', 'dependency', 'email', 'name', 'roles']);
    const hashes = await withDirectory(async (_d, database) =>
      (await database.prisma.staffMember.findMany({ select: { tokenHash: true } })).map((m) => m.tokenHash),
    );
    expect(hashes).toContain(hashToken(token));
    for (const hash of hashes) expect(r.stdout).not.toContain(hash);
    expect(r.stdout).not.toContain('vnt_');
    expect(r.stdout).not.toMatch(/token/i);
  });

  it('token issues a new token and voids the old one; disable voids it at once', async () => {
    const added = await runCli(
      ['staff', 'add', '--name', 'Rita Rotación', '--email', 'rita@prueba.gov.co', '--role', 'gestor', '--json'],
      env,
    );
    const first = (JSON.parse(added.stdout) as { token: string }).token;

    const rotated = await runCli(['staff', 'token', '--email', 'RITA@prueba.gov.co'], env);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain('no se volverá a mostrar');
    const second = tokenIn(rotated.stdout)!;
    expect(second).not.toBe(first);
    await withDirectory(async (directory) => {
      expect(await directory.authenticate(first)).toBeNull();
      expect(await directory.authenticate(second)).toMatchObject({ name: 'Rita Rotación' });
    });

    const disabled = await runCli(['staff', 'disable', '--email', 'rita@prueba.gov.co'], env);
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toContain('ya no puede usar la API');
    expect(await withDirectory((directory) => directory.authenticate(second))).toBeNull();
    const list = await runCli(['staff', 'list'], env);
    expect(list.stdout).toMatch(/desactivada\s+Rita Rotación <rita@prueba\.gov\.co>/);

    const nobody = await runCli(['staff', 'disable', '--email', 'nadie@prueba.gov.co'], env);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No hay ninguna persona con el correo nadie@prueba.gov.co');
    // Six command-line processes, each loading the CLI: on a loaded 2-core machine that passes 20 s.
  }, 60_000);
});
