/// <reference lib="dom" />
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import { silentLogger } from '../core/harness.js';
import { WidgetCitizen } from '../entities/widget-citizen.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { repoRoot } from '../support/cli-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * Issue #23: the second entity's console, served at /e/<slug>/console, talks to that entity (its assets, API and live
 * socket), not to the first one. Agents of the two entities use separate browsers, as they would in two offices.
 */
const run = browserAvailable();
const password = 'Consola-de-prueba-2026!';

describe.runIf(run)("the second entity's console under /e/<slug>, in Chromium", { timeout: 120_000 }, () => {
  let testDb: TestDatabase;
  let server: RunningServer;
  let browsers: BrowserContext[] = [];
  const citizens: WidgetCitizen[] = [];
  const pages: Record<string, Page> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    server = await startServer(
      loadConfig({
        DATABASE_URL: testDb.url,
        FLOWS_DIR: join(repoRoot, 'test/fixtures/entities/alcaldia'),
        PORT: '0',
        NODE_ENV: 'test',
        WIDGET_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
        ENTITIES_POLL_MS: '0',
      }),
      silentLogger,
    );
    for (const slug of ['alcaldia-prueba', 'concejo-prueba']) {
      const entity = await server.database.prisma.entity.findUniqueOrThrow({ where: { slug } });
      const staff = new StaffDirectory(server.database.prisma, entity.id);
      await staff.add({ name: `Asesora ${slug}`, email: `asesora@${slug}.gov.co`, roles: ['agente'] });
      await staff.setPassword(`asesora@${slug}.gov.co`, password);
    }
    browsers = [await launchChromium(), await launchChromium()];
  }, 120_000);

  afterAll(async () => {
    for (const c of citizens.splice(0)) c.close();
    await Promise.all(browsers.map((b) => b.close()));
    await server?.close();
    await testDb?.drop();
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    for (const [who, page] of Object.entries(pages)) {
      const text = await page
        .locator('body')
        .innerText()
        .catch(() => '');
      console.error(`--- ${who} (${page.url()}):\n${text.slice(-1500)}`);
    }
  });

  async function signIn(browser: BrowserContext, path: string, slug: string): Promise<Page> {
    const page = await browser.newPage();
    pages[slug] = page;
    await page.goto(`${server.url}${path}`);
    await page.getByLabel('Correo institucional').fill(`asesora@${slug}.gov.co`);
    await page.getByLabel('Contraseña').fill(password);
    await page.getByRole('button', { name: 'Ingresar' }).click();
    await page.getByRole('heading', { name: /Mis conversaciones/ }).waitFor();
    // The live socket is the entity's own: it opens, and the queue below updates through it.
    await page.getByText('En vivo').waitFor();
    await page.getByRole('radio', { name: 'En línea' }).check();
    await page.getByRole('status').filter({ hasText: 'Su estado ahora es «En línea»' }).waitFor();
    return page;
  }

  const takeButtons = (page: Page) => page.getByRole('button', { name: /^Tomar la conversación de / });
  const transcript = (page: Page) => page.getByRole('log', { name: 'Mensajes de la conversación' });

  it("a concejo agent takes and answers the concejo's citizen; the alcaldía agent sees only their own", async () => {
    const alcaldia = await signIn(browsers[0]!, '/console', 'alcaldia-prueba');
    const concejo = await signIn(browsers[1]!, '/e/concejo-prueba/console/', 'concejo-prueba');
    // The trailing slash is redirected, so the page's relative links resolve under the entity's mount.
    expect(new URL(concejo.url()).pathname).toBe('/e/concejo-prueba/console');

    const vecino = await WidgetCitizen.connect(server.url, 'alcaldia-prueba');
    const concejal = await WidgetCitizen.connect(server.url, 'concejo-prueba');
    citizens.push(vecino, concejal);
    await vecino.say('hola', 'Alcaldía de Prueba');
    await vecino.say('asesor', 'Ya está en la fila de Alcaldía de Prueba');
    await takeButtons(alcaldia).first().waitFor({ timeout: 15_000 });
    await concejal.say('hola', 'Concejo Municipal de Prueba');
    await concejal.say('asesor', 'Ya está en la fila de Concejo de Prueba');

    // No reload: the concejo's row reaches the concejo's console over its own socket.
    await takeButtons(concejo).first().waitFor({ timeout: 15_000 });
    expect(await takeButtons(concejo).count()).toBe(1);
    await takeButtons(concejo).first().click();
    await transcript(concejo).locator('.msg--bot', { hasText: 'Ya está en la fila de Concejo de Prueba' }).waitFor();
    const reply = concejo.getByRole('textbox', { name: 'Respuesta al ciudadano' });
    await reply.fill('Buenas tardes, le habla la asesora del Concejo.');
    await reply.press('Enter');
    await vi.waitFor(() => expect(concejal.replies()).toContain('Buenas tardes, le habla la asesora del Concejo.'), {
      timeout: 15_000,
      interval: 100,
    });
    expect(vecino.replies().join('\n')).not.toContain('asesora del Concejo');

    // The alcaldía's console holds one row, its own citizen's, whatever happened in the concejo's queue.
    await alcaldia.reload();
    await takeButtons(alcaldia).first().waitFor();
    expect(await takeButtons(alcaldia).count()).toBe(1);
    await takeButtons(alcaldia).first().click();
    await transcript(alcaldia).locator('.msg--bot', { hasText: 'Ya está en la fila de Alcaldía de Prueba' }).waitFor();
    expect(await transcript(alcaldia).innerText()).not.toContain('Concejo');
  });
});
