import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleLogin } from '../../src/console/console-login.js';
import { openDatabase } from '../../src/db/database.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import { cliArgs, repoRoot, runCli, type Finished } from '../support/cli-process.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';

const entityYaml = `slug: prueba-agentes
name: Alcaldía de Prueba
settings:
  atencion:
    areas:
      - { id: atencion_general, nombre: Atención general }
      - { id: hacienda, nombre: Hacienda }
`;

/** The CLI with something piped to its standard input, as `echo … | ventanilla …` does. */
function runCliWithInput(args: string[], input: string, env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, cliArgs(args), { cwd: repoRoot, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe.each(testProviders)('ventanilla agents on %s', (provider) => {
  let testDb: TestDatabase;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-agents-'));
    await writeFile(join(dir, 'entity.yaml'), entityYaml);
    env = { DATABASE_URL: testDb.url, FLOWS_DIR: dir, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Signs in the way the console does, on the database the command wrote. */
  async function signIn(email: string, password: string) {
    const database = await openDatabase(testDb.url);
    try {
      const entity = await database.prisma.entity.findUniqueOrThrow({ where: { slug: 'prueba-agentes' } });
      const staff = await database.prisma.staffMember.findFirst({ where: { email } });
      const result = await new ConsoleLogin(new StaffDirectory(database.prisma, entity.id)).signIn(email, password);
      return { outcome: result.outcome, staff };
    } finally {
      await database.close();
    }
  }

  it('add generates a strong password, shows it once with a warning, and that person can sign in with it', async () => {
    const r = await runCli(
      [
        'agents',
        'add',
        '--name',
        'Ana Asesora',
        '--email',
        'Ana@Prueba.gov.co',
        '--role',
        'agente',
        '--area',
        'hacienda',
        '--max',
        '2',
      ],
      env,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Se agregó a Ana Asesora (ana@prueba.gov.co) como Agente de atención.');
    expect(r.stdout).toContain('no se volverá a mostrar');
    const password = /Contraseña: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);

    const { outcome, staff } = await signIn('ana@prueba.gov.co', password!);
    expect(outcome).toBe('signed-in');
    expect(staff).toMatchObject({ areas: ['hacienda'], maxConversations: 2 });
    expect(staff!.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await signIn('ana@prueba.gov.co', 'otra clave cualquiera')).outcome).toBe('invalid');
  });

  it('--password-stdin uses the piped password; a short one is refused and creates no one', async () => {
    const short = await runCliWithInput(
      [
        'agents',
        'add',
        '--name',
        'Beto Corto',
        '--email',
        'beto@prueba.gov.co',
        '--role',
        'agente',
        '--password-stdin',
      ],
      'corta\n',
      env,
    );
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('al menos 12 caracteres');
    expect((await signIn('beto@prueba.gov.co', 'corta')).staff).toBeNull();

    const password = 'Una frase de paso bastante larga';
    const r = await runCliWithInput(
      [
        'agents',
        'add',
        '--name',
        'Sara Supervisora',
        '--email',
        'sara@prueba.gov.co',
        '--role',
        'supervisor',
        '--password-stdin',
      ],
      `${password}\n`,
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('Contraseña:');
    expect((await signIn('sara@prueba.gov.co', password)).outcome).toBe('signed-in');

    const changed = await runCliWithInput(
      ['agents', 'password', '--email', 'sara@prueba.gov.co', '--password-stdin'],
      'Otra frase de paso aún más larga',
      env,
    );
    expect(changed.code).toBe(0);
    expect((await signIn('sara@prueba.gov.co', password)).outcome).toBe('invalid');
    expect((await signIn('sara@prueba.gov.co', 'Otra frase de paso aún más larga')).outcome).toBe('signed-in');
  });

  it('refuses an area the entity does not have, naming the ones it has; list never shows a hash', async () => {
    const r = await runCli(
      [
        'agents',
        'add',
        '--name',
        'Carla Asesora',
        '--email',
        'carla@prueba.gov.co',
        '--role',
        'agente',
        '--area',
        'movilidad',
      ],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Área no válida: «movilidad»');
    expect(r.stderr).toContain('hacienda (Hacienda)');

    const list = await runCli(['agents', 'list'], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(
      /activa\s+Ana Asesora <ana@prueba\.gov\.co> · Agente de atención · áreas: hacienda · hasta 2 a la vez/,
    );
    expect(list.stdout).not.toContain('argon2');
  });
});
