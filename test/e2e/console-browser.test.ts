/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { repoRoot, runCli, startServerProcess, type ServerProcess } from '../support/cli-process.js';

/**
 * Issue #9 end to end, as people meet it: the real server process, the built widget and console, Debian's Chromium.
 * A citizen in the widget asks for an agent; an agent signed in to the console takes the conversation from the live
 * queue; they write to each other; the agent closes and the citizen is told.
 */
const run = browserAvailable();

/** Agents attend every hour of every day here, so the test does not depend on when it runs. */
async function flowsOpenAllHours(dir: string): Promise<string> {
  const flows = join(dir, 'flows');
  await cp(join(repoRoot, 'flows'), flows, { recursive: true });
  const entityFile = join(flows, 'entity.yaml');
  const entity = await readFile(entityFile, 'utf8');
  const days = ['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'];
  const always = `horario:\n${days.map((d) => `      ${d}: "00:00-23:59"`).join('\n')}\n`;
  const replaced = entity.replace(/horario:\n(?: {6}\w+: "[^"]*"\n)+/, always);
  if (replaced === entity) throw new Error('flows/entity.yaml: atencion.horario not found where the test expects it');
  await writeFile(entityFile, replaced);
  return flows;
}

// Two browsers and a server process on a CI machine busy with the PostgreSQL suite: steps take seconds, not
// milliseconds, so each test gets a minute. A test that fails prints what both people saw and the server's log.
describe.runIf(run)('the agent console with a citizen in the widget, in Chromium', { timeout: 60_000 }, () => {
  let dir: string;
  let server: ServerProcess;
  let context: BrowserContext;
  let citizen: Page;
  let agent: Page;
  let password: string;

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-console.mjs'], { cwd: repoRoot, stdio: 'ignore' });
    dir = join(tmpdir(), `ventanilla-console-e2e-${Date.now().toString(36)}`);
    await mkdir(dir, { recursive: true });
    const env = { DATABASE_URL: `file:${join(dir, 'console.db')}`, FLOWS_DIR: await flowsOpenAllHours(dir) };
    const added = await runCli(
      ['agents', 'add', '--name', 'Ana Asesora', '--email', 'ana@alcaldia.gov.co', '--role', 'agente'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    password = /Contraseña: (\S+)/.exec(added.stdout)![1]!;
    server = await startServerProcess(env);
    context = await launchChromium({ viewport: { width: 1366, height: 768 } });
    citizen = await context.newPage();
    agent = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  afterEach(async (context) => {
    if (context.task.result?.state !== 'fail') return;
    const seen = async (page: Page | undefined) =>
      page
        ? (
            await page
              .locator('body')
              .innerText()
              .catch(() => '')
          ).slice(-2000)
        : '';
    // The widget lives in a shadow root: its text is read from the host.
    const widget = citizen
      ? await citizen
          .locator('#ava-widget')
          .innerText()
          .catch(() => '')
      : '';
    console.error(
      `--- console page:\n${await seen(agent)}\n--- widget:\n${widget.slice(-2000)}\n--- server log (last 40 lines):\n${server?.logs().split('\n').slice(-40).join('\n')}`,
    );
  });

  const consoleTranscript = () => agent.getByRole('log', { name: 'Mensajes de la conversación' });
  const widgetInput = () => citizen.getByRole('textbox', { name: 'Escriba su mensaje' });
  const citizenSends = async (text: string) => {
    await widgetInput().fill(text);
    await widgetInput().press('Enter');
  };

  it('refuses a wrong password in plain Spanish and signs in with the right one', async () => {
    await agent.goto(`${server.url}/console`);
    expect(await agent.getAttribute('html', 'lang')).toBe('es');
    await agent.getByLabel('Correo institucional').fill('ana@alcaldia.gov.co');
    await agent.getByLabel('Contraseña').fill('no-es-la-clave');
    await agent.getByRole('button', { name: 'Ingresar' }).click();
    await agent.getByRole('alert').filter({ hasText: 'El correo o la contraseña no son correctos' }).waitFor();
    // The password field is emptied and focused, ready for another try.
    expect(await agent.getByLabel('Contraseña').evaluate((el) => document.activeElement === el)).toBe(true);
    await agent.getByLabel('Contraseña').fill(password);
    await agent.keyboard.press('Enter');
    await agent.getByRole('heading', { name: /Mis conversaciones/ }).waitFor();
    await agent.getByText('En vivo').waitFor();
    await agent.getByRole('radio', { name: 'En línea' }).check();
    await agent.getByRole('status').filter({ hasText: 'Su estado ahora es «En línea»' }).waitFor();
  });

  it('shows a citizen who asks for an agent in the live queue, and the agent takes the conversation', async () => {
    await citizen.goto(`${server.url}/`);
    await citizen.getByRole('button', { name: 'Abrir chat de atención al ciudadano' }).click();
    await citizenSends('hola');
    await citizen.locator('.msg--bot', { hasText: /¿En qué le puedo ayudar\?/ }).waitFor();
    await citizen.getByRole('button', { name: 'Hablar con un asesor' }).last().click();
    await citizen.locator('.msg--bot', { hasText: /Ya está en la fila: es el número 1/ }).waitFor();

    // No reload: the row arrives over the console's WebSocket.
    const take = agent.getByRole('button', { name: /^Tomar la conversación de / });
    await take.waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.locator('.queue .row__position').first().innerText()).toBe('Turno 1');
    await take.click();
    await agent
      .getByRole('status')
      .filter({ hasText: /Tomó la conversación de/ })
      .waitFor();
    // The whole bot conversation is there, and the reply box has the focus.
    await consoleTranscript().locator('.msg--citizen', { hasText: 'hola' }).first().waitFor();
    await consoleTranscript().locator('.msg--bot', { hasText: 'Voy a comunicarle con un asesor' }).waitFor();
    const reply = agent.getByRole('textbox', { name: 'Respuesta al ciudadano' });
    expect(await reply.evaluate((el) => document.activeElement === el)).toBe(true);
    expect(await agent.locator('.mine .row').count()).toBe(1);
    expect(await agent.getByRole('button', { name: /^Tomar la conversación de / }).count()).toBe(0);
  });

  it('carries messages both ways: Enter sends, Shift+Enter adds a line, notes stay inside', async () => {
    const reply = agent.getByRole('textbox', { name: 'Respuesta al ciudadano' });
    await reply.fill('Buenas tardes, le habla Ana.');
    await reply.press('Shift+Enter');
    await reply.press('End');
    await agent.keyboard.type('¿En qué le puedo ayudar?');
    await reply.press('Enter');
    await citizen.locator('.msg--agent', { hasText: '¿En qué le puedo ayudar?' }).waitFor({ timeout: 10_000 });
    expect(await citizen.locator('.msg--agent').last().innerText()).toContain('Buenas tardes, le habla Ana.');
    await consoleTranscript().locator('.msg--agent', { hasText: 'le habla Ana' }).waitFor();
    // The live event may show the message before the send's own answer clears the box: wait for that answer.
    await expect.poll(() => reply.inputValue()).toBe('');

    await citizenSends('Necesito el paz y salvo del predial');
    await consoleTranscript()
      .locator('.msg--citizen', { hasText: 'Necesito el paz y salvo del predial' })
      .waitFor({ timeout: 10_000 });

    await reply.fill('Tiene deuda de 2024, revisar antes de expedir');
    await agent.getByRole('button', { name: 'Guardar como nota interna' }).click();
    await consoleTranscript().locator('.msg--note', { hasText: 'Tiene deuda de 2024' }).waitFor();
    // The bot stays silent while the agent holds the conversation, and the citizen never sees the note.
    await citizen.waitForTimeout(500);
    expect(await citizen.getByText('Tiene deuda de 2024').count()).toBe(0);
    expect(await citizen.locator('.msg--bot', { hasText: 'Necesito el paz y salvo' }).count()).toBe(0);
  });

  it('passes an automated accessibility check with a conversation open, and fits a laptop screen', async () => {
    const results = await new AxeBuilder({ page: agent })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(await agent.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    // The reply box is on screen without scrolling the page.
    const box = (await agent.getByRole('textbox', { name: 'Respuesta al ciudadano' }).boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(768);
    // docs/console.png: `UPDATE_SCREENSHOTS=1 npx vitest run test/e2e/console-browser.test.ts`.
    if (process.env.UPDATE_SCREENSHOTS) await agent.screenshot({ path: join(repoRoot, 'docs', 'console.png') });
  });

  it('closes the conversation after confirming; the citizen is told and gets the satisfaction survey', async () => {
    await agent.getByRole('button', { name: 'Cerrar conversación' }).click();
    const dialog = agent.getByRole('dialog', { name: '¿Cerrar la conversación?' });
    await dialog.waitFor();
    // Escape cancels: nothing is closed by accident.
    await agent.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await agent.locator('.mine .row').count()).toBe(1);
    await agent.getByRole('button', { name: 'Cerrar conversación' }).click();
    await agent.getByRole('button', { name: 'Sí, cerrar conversación' }).click();
    await agent.getByText(/Conversación cerrada/).waitFor();
    await citizen
      .locator('.msg--bot, .msg--agent', { hasText: /El asesor terminó la conversación/ })
      .waitFor({ timeout: 10_000 });
    await expect.poll(() => agent.locator('.mine .row').count()).toBe(0);
    expect(await agent.getByRole('textbox', { name: 'Respuesta al ciudadano' }).count()).toBe(0);
    // The bot is back and the survey about the agent follows, with its answers as buttons in the widget.
    await citizen
      .locator('.msg--bot', { hasText: /preguntas cortas sobre la atención que recibió/ })
      .waitFor({ timeout: 10_000 });
    await citizen
      .locator('.msg--bot', { hasText: /qué tan satisfecho está con la atención/ })
      .waitFor({ timeout: 10_000 });
    await citizen.getByRole('button', { name: /5 - / }).click();
    await citizen.locator('.msg--bot', { hasText: /Se resolvió su solicitud/ }).waitFor({ timeout: 10_000 });
  });

  it('lets the agent attach a PDF that a new citizen downloads from the widget, byte for byte', async () => {
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n'),
      Buffer.alloc(3000, 0x41),
      Buffer.from('\n%%EOF\n'),
    ]);
    // Another person, in a browser of their own: a fresh widget session.
    const own = await launchChromium({ viewport: { width: 1280, height: 800 } });
    try {
      const other = await own.newPage();
      await other.goto(`${server.url}/`);
      await other.getByRole('button', { name: 'Abrir chat de atención al ciudadano' }).click();
      const input = other.getByRole('textbox', { name: 'Escriba su mensaje' });
      await input.fill('hola');
      await input.press('Enter');
      await other.locator('.msg--bot', { hasText: /¿En qué le puedo ayudar\?/ }).waitFor();
      await other.getByRole('button', { name: 'Hablar con un asesor' }).last().click();
      await other.locator('.msg--bot', { hasText: /Ya está en la fila/ }).waitFor();

      const take = agent.getByRole('button', { name: /^Tomar la conversación de / });
      await take.waitFor({ timeout: 10_000 });
      await take.click();
      await agent
        .getByRole('status')
        .filter({ hasText: /Tomó la conversación de/ })
        .waitFor();

      // The real file input behind the "Adjuntar archivo" label; the chosen file is named, with its size, before sending.
      await agent
        .getByLabel('Adjuntar archivo')
        .setInputFiles({ name: 'Resolución 45.pdf', mimeType: 'application/pdf', buffer: pdf });
      await agent.getByText(/Archivo para enviar: Resolución 45\.pdf \(3 KB\)/).waitFor();
      const reply = agent.getByRole('textbox', { name: 'Respuesta al ciudadano' });
      await reply.fill('Le envío la resolución.');
      await reply.press('Enter');
      await consoleTranscript()
        .getByRole('link', { name: /Resolución 45\.pdf/ })
        .waitFor({ timeout: 10_000 });
      // The live event can show the message before the upload's own answer clears the chosen file: wait for both.
      await expect.poll(() => agent.getByText(/Archivo para enviar:/).count(), { timeout: 10_000 }).toBe(0);

      const link = other.getByRole('link', { name: 'Descargar Resolución 45.pdf (3 KB)' });
      await link.waitFor({ timeout: 10_000 });
      expect(await other.locator('.msg--agent', { has: link }).innerText()).toContain('Le envío la resolución.');
      const [download] = await Promise.all([other.waitForEvent('download'), link.click()]);
      expect(download.suggestedFilename()).toBe('Resolución 45.pdf');
      const saved = await readFile((await download.path())!);
      expect(saved.equals(pdf)).toBe(true);
    } finally {
      await own.close();
    }
  });
});
