import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import type { RunningServer } from '../../src/server.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import type { StaffRole } from '../../src/staff/staff-roles.js';
import { repoRoot, runCli } from '../support/cli-process.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { alcaldiaFixture, startTwoEntityServer } from './two-entity-server.js';
import { WidgetCitizen } from './widget-citizen.js';

const fixtures = join(repoRoot, 'test/fixtures/entities');
/** A loaded shared machine takes 20 s and more to start a CLI process. */
const cliTimeout = 120_000;
const personeria = join(fixtures, 'personeria');

const walkIn = {
  channel: 'presencial',
  modality: 'verbal',
  dataNotice: 'aceptado',
  petition: {
    type: 'peticion',
    requester: { name: 'Ana Ciudadana Ruiz', document: { type: 'CC', number: '1020304050' }, email: 'ana@example.com' },
    description: 'Solicito información sobre el arreglo del alumbrado de mi barrio.',
    replyChannel: 'correo',
  },
};

describe.each(testProviders)('several entities served by one process on %s', (provider) => {
  let server: RunningServer | undefined;
  let testDb: TestDatabase | undefined;
  const citizens: WidgetCitizen[] = [];
  afterEach(async () => {
    for (const c of citizens.splice(0)) c.close();
    await server?.close();
    server = undefined;
    await testDb?.drop();
  });

  async function start(): Promise<RunningServer> {
    testDb = await createTestDatabase(provider);
    server = await startTwoEntityServer(testDb.url, '200');
    return server;
  }

  async function staffOf(running: RunningServer, slug: string, role: StaffRole): Promise<string> {
    const entity = await running.database.prisma.entity.findUniqueOrThrow({ where: { slug } });
    const { token } = await new StaffDirectory(running.database.prisma, entity.id).add({
      name: `Persona ${role} ${slug}`,
      email: `${role}@${slug}.gov.co`,
      roles: [role],
    });
    return token;
  }

  const call = (running: RunningServer, method: string, path: string, token: string, body?: unknown) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('each citizen sees only their entity, each agent only their queue, and radicados count per entity', async () => {
    const running = await start();
    expect(running.entities.all().map((e) => [e.entity.slug, e.folder.source])).toEqual([
      ['alcaldia-prueba', 'principal'],
      ['concejo-prueba', 'carpeta'],
    ]);

    const vecino = await WidgetCitizen.connect(running.url, 'alcaldia-prueba');
    const concejal = await WidgetCitizen.connect(running.url, 'concejo-prueba');
    citizens.push(vecino, concejal);
    expect(await vecino.say('hola', 'Alcaldía de Prueba')).not.toContainEqual(expect.stringContaining('Concejo'));
    expect(await concejal.say('hola', 'Concejo Municipal de Prueba')).not.toContainEqual(
      expect.stringContaining('Alcaldía'),
    );
    // Knowledge: each answers from its own base; the other entity's answer never leaks.
    await vecino.say('¿Cómo pago el impuesto predial?', 'Tesorería municipal');
    await concejal.say('¿Cuándo sesiona el concejo municipal?', 'febrero, mayo, agosto y noviembre');
    const asked = await concejal.say('¿Cómo pago el impuesto predial?', /.+/);
    expect(asked.join(' ')).not.toContain('Tesorería municipal');

    // Agents: each queue holds its own entity's citizen.
    await vecino.say('asesor', 'Ya está en la fila de Alcaldía de Prueba');
    await concejal.say('asesor', 'Ya está en la fila de Concejo de Prueba');
    const agentA = await staffOf(running, 'alcaldia-prueba', 'agente');
    const agentB = await staffOf(running, 'concejo-prueba', 'agente');
    const queueA = await call(running, 'GET', '/console/api/handoffs', agentA);
    const queueB = await call(running, 'GET', '/e/concejo-prueba/console/api/handoffs', agentB);
    expect(queueA.status).toBe(200);
    expect(queueB.status).toBe(200);
    const idsA = ((await queueA.json()) as { handoffs: { id: string }[] }).handoffs.map((h) => h.id);
    const idsB = ((await queueB.json()) as { handoffs: { id: string }[] }).handoffs.map((h) => h.id);
    expect(idsA).toHaveLength(1);
    expect(idsB).toHaveLength(1);
    expect(idsA[0]).not.toBe(idsB[0]);
    // An agent's credentials open only their own entity's console.
    expect((await call(running, 'GET', '/e/concejo-prueba/console/api/handoffs', agentA)).status).toBe(401);
    expect((await call(running, 'GET', '/console/api/handoffs', agentB)).status).toBe(401);
    expect((await call(running, 'GET', `/console/api/handoffs/${idsB[0]}`, agentA)).status).toBe(404);

    // Radicados: one sequence per entity, with each entity's own format.
    const gestorA = await staffOf(running, 'alcaldia-prueba', 'gestor');
    const gestorB = await staffOf(running, 'concejo-prueba', 'gestor');
    const radicado = async (prefix: string, token: string) => {
      const res = await call(running, 'POST', `${prefix}/api/v1/intake/cases`, token, walkIn);
      expect(res.status, await res.clone().text()).toBe(201);
      return ((await res.json()) as { radicado: string }).radicado;
    };
    const year = new Date().getFullYear();
    expect(await radicado('', gestorA)).toBe(`ALC-${year}-0001`);
    expect(await radicado('/e/concejo-prueba', gestorB)).toBe(`CON-${year}-0001`);
    expect(await radicado('', gestorA)).toBe(`ALC-${year}-0002`);
    expect(await radicado('/e/concejo-prueba', gestorB)).toBe(`CON-${year}-0002`);
  }, 300_000);

  it('serves an entity added with `ventanilla entities add` while running, without a restart', async () => {
    const running = await start();
    const vecino = await WidgetCitizen.connect(running.url, 'alcaldia-prueba');
    citizens.push(vecino);
    await vecino.say('hola', 'Alcaldía de Prueba');
    const before = await fetch(`${running.url}/widget/v1/config/personeria-prueba`, {
      headers: { origin: running.url },
    });
    expect(before.status).toBe(404);

    const added = await runCli(
      ['entities', 'add', personeria],
      { DATABASE_URL: testDb!.url, FLOWS_DIR: alcaldiaFixture },
      cliTimeout,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('Entidad registrada: Personería Municipal de Prueba (personeria-prueba)');

    await vi.waitFor(
      async () => {
        const res = await fetch(`${running.url}/e/personeria-prueba/ready`);
        expect(res.status).toBe(200);
      },
      { timeout: 30_000, interval: 200 },
    );
    const personero = await WidgetCitizen.connect(running.url, 'personeria-prueba');
    citizens.push(personero);
    await personero.say('hola', 'Personería Municipal de Prueba');
    await personero.say('¿Cómo presento una acción de tutela?', 'redactar la tutela sin costo');
    // The first entity's conversation went on through all of it.
    await vecino.say('¿Cómo pago el impuesto predial?', 'Tesorería municipal');
  }, 300_000);

  it('lets a platform administrator list and add entities over the API, and no one else', async () => {
    const running = await start();
    const platform = await staffOf(running, 'alcaldia-prueba', 'plataforma');
    const admin = await staffOf(running, 'alcaldia-prueba', 'admin');
    const listed = await call(running, 'GET', '/api/v1/entities', platform);
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { entities: { slug: string; path: string }[] }).entities).toEqual([
      expect.objectContaining({ slug: 'alcaldia-prueba', source: 'principal', path: 'alcaldia' }),
      expect.objectContaining({ slug: 'concejo-prueba', source: 'carpeta', path: 'alcaldia/entidades/concejo' }),
    ]);
    expect((await call(running, 'GET', '/api/v1/entities', admin)).status).toBe(403);
    expect((await call(running, 'POST', '/api/v1/entities', admin, { carpeta: 'personeria' })).status).toBe(403);

    const outside = await call(running, 'POST', '/api/v1/entities', platform, { carpeta: '../../..' });
    expect(outside.status).toBe(400);
    expect(await outside.json()).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [{ path: '/carpeta', message: 'La carpeta debe estar dentro del contenido de esta instalación.' }],
      },
    });
    const empty = await call(running, 'POST', '/api/v1/entities', platform, { carpeta: 'no-existe' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(await empty.json())).toContain('No existe la carpeta');

    const added = await call(running, 'POST', '/api/v1/entities', platform, { carpeta: 'personeria' });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({
      slug: 'personeria-prueba',
      name: 'Personería Municipal de Prueba',
      url: '/e/personeria-prueba/',
      servedWithinSeconds: 1,
    });
    const personero = await vi.waitFor(() => WidgetCitizen.connect(running.url, 'personeria-prueba'), {
      timeout: 60_000,
      interval: 300,
    });
    citizens.push(personero);
    await personero.say('hola', 'Personería Municipal de Prueba');
  }, 300_000);
  it("keeps an agent signed in to each entity's console in one browser: each has its own cookie", async () => {
    const running = await start();
    const signIn = async (mount: string, slug: string) => {
      const entity = await running.database.prisma.entity.findUniqueOrThrow({ where: { slug } });
      const directory = new StaffDirectory(running.database.prisma, entity.id);
      const email = `asesora@${slug}.gov.co`;
      await directory.add({ name: `Asesora de ${slug}`, email, roles: ['agente'] });
      await directory.setPassword(email, 'una-clave-larga-de-prueba-2026');
      const res = await fetch(`${running.url}${mount}/console/api/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: running.url },
        body: JSON.stringify({ email, password: 'una-clave-larga-de-prueba-2026' }),
      });
      expect(res.status).toBe(200);
      return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    };
    const alcaldia = await signIn('', 'alcaldia-prueba');
    const concejo = await signIn('/e/concejo-prueba', 'concejo-prueba');
    expect(alcaldia).toMatch(/^vt_console=/);
    expect(concejo).toMatch(/^vt_console_concejo_prueba=/);
    // The browser sends both cookies to both sites (one host, Path=/); each console reads its own.
    const jar = `${alcaldia}; ${concejo}`;
    const me = async (mount: string) => {
      const res = await fetch(`${running.url}${mount}/console/api/me`, { headers: { cookie: jar } });
      expect(res.status).toBe(200);
      return ((await res.json()) as { me: { name: string } }).me.name;
    };
    expect(await me('')).toBe('Asesora de alcaldia-prueba');
    expect(await me('/e/concejo-prueba')).toBe('Asesora de concejo-prueba');
  }, 120_000);
});
