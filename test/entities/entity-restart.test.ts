import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import { createTestDatabase, testProviders, type TestDatabase } from '../support/test-database.js';
import { alcaldiaFixture, startTwoEntityServer } from './two-entity-server.js';
import { WidgetCitizen } from './widget-citizen.js';

const entityFile = '/console/api/content/files/entity.yaml';

/** A mailbox switched on or off: `correo` is read only when the channels connect (src/content/restart-settings.ts). */
const withMailbox = (yaml: string, active: boolean) =>
  yaml.replace(
    'settings:\n',
    'settings:\n' +
      '  correo:\n' +
      `    activo: ${active}\n` +
      '    direccion: contactenos@alcaldia-prueba.gov.co\n' +
      '    imap: { host: imap.alcaldia-prueba.gov.co }\n' +
      '    smtp: { host: smtp.alcaldia-prueba.gov.co }\n',
  );

describe.each(testProviders)('an entity restarts in place when a channel setting is saved, on %s', (provider) => {
  let server: RunningServer | undefined;
  let testDb: TestDatabase | undefined;
  const citizens: WidgetCitizen[] = [];
  afterEach(async () => {
    vi.unstubAllEnvs();
    for (const c of citizens.splice(0)) c.close();
    await server?.close();
    server = undefined;
    await testDb?.drop();
  });

  async function start(): Promise<{ running: RunningServer; concejal: WidgetCitizen; admin: string }> {
    testDb = await createTestDatabase(provider);
    server = await startTwoEntityServer(testDb.url, '0');
    const running = server;
    const entity = await running.database.prisma.entity.findUniqueOrThrow({ where: { slug: 'alcaldia-prueba' } });
    const { token: admin } = await new StaffDirectory(running.database.prisma, entity.id).add({
      name: 'Administradora Alcaldía',
      email: 'admin@alcaldia-prueba.gov.co',
      roles: ['admin'],
    });
    // The second entity's citizen is mid-conversation when the first entity restarts.
    const concejal = await WidgetCitizen.connect(running.url, 'concejo-prueba');
    citizens.push(concejal);
    await concejal.say('hola', 'Concejo Municipal de Prueba');
    return { running, concejal, admin };
  }

  const call = (running: RunningServer, method: string, path: string, token: string, body?: unknown) =>
    fetch(`${running.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  it('applies a saved mailbox by restarting only that entity; the other entity keeps talking', async () => {
    const { running, concejal, admin } = await start();
    const before = running.entities.primary;
    const concejoBefore = running.entities.get('concejo-prueba');
    expect(before.entity.settings.correo).toBeUndefined();

    const yaml = await readFile(join(alcaldiaFixture, 'entity.yaml'), 'utf8');
    const saved = await call(running, 'POST', entityFile, admin, { content: withMailbox(yaml, false), base: 0 });
    expect(saved.status, await saved.clone().text()).toBe(200);
    expect(((await saved.json()) as { file: { restartPending: string[] } }).file.restartPending).toEqual([
      'el correo electrónico como canal (correo)',
    ]);
    // The concejo's citizen talks while the alcaldía restarts, on the same socket.
    const talking = concejal.say('¿Cuándo sesiona el concejo municipal?', 'febrero, mayo, agosto y noviembre');
    // The console's next look at the file, as it does right after saving, waits for the restarted copy.
    const detail = await call(running, 'GET', entityFile, admin);
    expect(detail.status).toBe(200);
    expect(((await detail.json()) as { file: { version: number; restartPending: string[] } }).file).toMatchObject({
      version: 1,
      restartPending: [],
    });
    await talking;
    expect(running.entities.primary).not.toBe(before);
    expect(running.entities.primary.entity.settings.correo).toMatchObject({ activo: false });
    expect(running.app).toBe(running.entities.primary.app);
    expect(running.entities.get('concejo-prueba')).toBe(concejoBefore);
    expect((await fetch(`${running.url}/ready`)).status).toBe(200);
    const vecino = await WidgetCitizen.connect(running.url, 'alcaldia-prueba');
    citizens.push(vecino);
    await vecino.say('¿Cómo pago el impuesto predial?', 'Tesorería municipal');
    await concejal.say('¿Cómo presento un derecho de petición?', /.+/);

    // A request that arrives during a restart waits for the new copy instead of failing.
    const restarting = running.entities.restart('alcaldia-prueba');
    const during = await fetch(`${running.url}/ready`);
    expect(during.status).toBe(200);
    expect(await restarting).toBe(running.entities.primary);
  }, 120_000);

  it('refuses a save the channels could not start with; an entity that still fails to start answers 503 alone', async () => {
    const { running, concejal, admin } = await start();
    const yaml = await readFile(join(alcaldiaFixture, 'entity.yaml'), 'utf8');
    const primaryBefore = running.entities.primary;
    // Switched on without the mailbox's login in the environment: the save is refused while the console still answers.
    vi.stubEnv('EMAIL_IMAP_USER', '');
    vi.stubEnv('EMAIL_IMAP_PASSWORD', '');
    const refused = await call(running, 'POST', entityFile, admin, { content: withMailbox(yaml, true), base: 0 });
    expect(refused.status).toBe(422);
    const body = JSON.stringify(await refused.json());
    expect(body).toMatch(/faltan en el servidor las variables de entorno del buzón: EMAIL_IMAP_USER/);
    expect(body).toMatch(/"line":\d+/);
    expect(running.entities.primary).toBe(primaryBefore);
    expect((await fetch(`${running.url}/ready`)).status).toBe(200);

    // With the login set the same save is taken and the entity restarts with its mailbox.
    vi.stubEnv('EMAIL_IMAP_USER', 'buzon@alcaldia-prueba.gov.co');
    vi.stubEnv('EMAIL_IMAP_PASSWORD', 'una-clave-de-buzon');
    const saved = await call(running, 'POST', entityFile, admin, { content: withMailbox(yaml, true), base: 0 });
    expect(saved.status, await saved.clone().text()).toBe(200);
    await vi.waitFor(() => expect(running.entities.primary).not.toBe(primaryBefore), { timeout: 30_000 });

    // The server's environment loses the login later (an operator's change): the next start fails, for it alone.
    vi.stubEnv('EMAIL_IMAP_USER', '');
    await running.entities.restart('alcaldia-prueba');
    const down = await fetch(`${running.url}/ready`);
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toBe('5');
    expect(await down.json()).toEqual({
      error: {
        code: 'NOT_READY',
        message: 'El servicio todavía no está listo. Intente de nuevo en unos segundos.',
      },
    });
    expect(running.entities.get('alcaldia-prueba')).toBeUndefined();
    expect((await fetch(`${running.url}/e/concejo-prueba/ready`)).status).toBe(200);
    await concejal.say('¿Cuándo sesiona el concejo municipal?', 'febrero, mayo, agosto y noviembre');
  }, 120_000);
});
