/// <reference lib="dom" />
import { execFileSync } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { addConsoleStaff, repoRoot, startServerProcess, type ServerProcess } from '../support/cli-process.js';

/**
 * Issue #26 as editors meet it: the real server process, the built console and widget, Debian's Chromium. An editor's
 * broken flow is refused with its line and the citizen keeps the running flow; an administrator's new office hours
 * decide the very next request for a person, with no restart; a channel setting reconnects the entity's channels by
 * itself and says so once it has, and an earlier version shows what changed since.
 */
const run = browserAvailable();
const days = ['domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado'];
const hoursBlock = /horario:\n(?: {6}\w+: "[^"]*"\n)+/;

/** Open every hour of every day, so the first request for a person is queued whenever the test runs. */
async function flowsOpenAllHours(dir: string): Promise<string> {
  const flows = join(dir, 'flows');
  await cp(join(repoRoot, 'flows'), flows, { recursive: true });
  const entity = await readFile(join(flows, 'entity.yaml'), 'utf8');
  const replaced = entity.replace(hoursBlock, `horario:\n${days.map((d) => `      ${d}: "00:00-23:59"`).join('\n')}\n`);
  if (replaced === entity) throw new Error('flows/entity.yaml: atencion.horario not found where the test expects it');
  await writeFile(join(flows, 'entity.yaml'), replaced);
  return flows;
}

describe.runIf(run)('editing flows and entity settings from the console, in Chromium', { timeout: 90_000 }, () => {
  let dir: string;
  let server: ServerProcess;
  let context: BrowserContext;
  let staff: Page;
  let citizen: Page;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    execFileSync(process.execPath, ['scripts/build-console.mjs'], { cwd: repoRoot, stdio: 'ignore' });
    dir = join(tmpdir(), `ventanilla-content-e2e-${Date.now().toString(36)}`);
    await mkdir(dir, { recursive: true });
    const env = { DATABASE_URL: `file:${join(dir, 'content.db')}`, FLOWS_DIR: await flowsOpenAllHours(dir) };
    Object.assign(
      passwords,
      await addConsoleStaff(env, [
        ['editora@alcaldia.gov.co', 'editor'],
        ['admin@alcaldia.gov.co', 'admin'],
      ]),
    );
    server = await startServerProcess(env);
    context = await launchChromium({ viewport: { width: 1366, height: 900 } });
    staff = await context.newPage();
    citizen = await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  afterEach(async (test) => {
    if (test.task.result?.state !== 'fail') return;
    const text = async (page: Page, selector: string) =>
      (
        await page
          .locator(selector)
          .innerText()
          .catch(() => '')
      ).slice(-2000);
    console.error(
      `--- console:\n${await text(staff, 'body')}\n--- widget:\n${await text(citizen, '#ava-widget')}\n--- server log:\n${server?.logs().split('\n').slice(-40).join('\n')}`,
    );
  });

  const signIn = async (email: string) => {
    await staff.goto(`${server.url}/console`);
    await staff.getByLabel('Correo institucional').fill(email);
    await staff.getByLabel('Contraseña').fill(passwords[email]!);
    await staff.getByRole('button', { name: 'Ingresar' }).click();
    await staff.getByRole('link', { name: 'Flujos y configuración' }).click();
    await staff.getByRole('heading', { name: 'Flujos y configuración' }).waitFor();
  };
  const openFile = async (name: string) => {
    await staff.getByRole('link', { name, exact: true }).click();
    await staff.getByRole('heading', { name, exact: true }).waitFor();
    return staff.getByRole('textbox', { name: `Contenido de ${name}` });
  };
  const widgetInput = () => citizen.getByRole('textbox', { name: 'Escriba su mensaje' });
  const citizenSends = async (text: string) => {
    await widgetInput().fill(text);
    await widgetInput().press('Enter');
  };
  const botSays = (text: RegExp | string) =>
    citizen.locator('.msg--bot', { hasText: text }).last().waitFor({ timeout: 15_000 });

  it('shows an invalid flow upload with its line, and the citizen keeps the running flow', async () => {
    await signIn('editora@alcaldia.gov.co');
    const row = staff.locator('tr[data-file="principal.yaml"]');
    expect(await row.innerText()).toContain('Sin errores');
    const text = await openFile('principal.yaml');
    const original = await text.inputValue();
    const broken = original.replace('next: aviso_datos', 'next: aviso_dato');
    const line = broken.split('\n').findIndex((l) => l.includes('next: aviso_dato')) + 1;
    await text.fill(broken);
    await staff.getByRole('button', { name: 'Guardar nueva versión' }).click();
    const problem = staff.getByRole('alert').locator('li').first();
    await problem.waitFor();
    expect(await problem.innerText()).toContain(`principal.yaml, línea ${line}`);
    expect(await problem.innerText()).toContain('aviso_dato');
    // Nothing was saved: the list still shows the server's file, valid.
    await staff.getByRole('link', { name: '← Todos los archivos' }).click();
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Archivo del servidor\s+Sin errores/);

    await citizen.goto(`${server.url}/`);
    await citizen.getByRole('button', { name: 'Abrir chat de atención al ciudadano' }).click();
    await citizenSends('hola');
    await botSays('Sus datos se usan solo para atender su solicitud');
    await botSays(/¿En qué le puedo ayudar\?/);
  });

  it('a changed office hour applies at once to the next request for a person', async () => {
    await citizenSends('asesor');
    await botSays(/Ya está en la fila/);
    await citizenSends('salir');
    await botSays(/salió de la fila/);

    await staff.getByRole('button', { name: 'Salir' }).click();
    await signIn('admin@alcaldia.gov.co');
    const text = await openFile('entity.yaml');
    // Only tomorrow, one hour: closed now, whatever the time of the run.
    const today = new Date().toLocaleDateString('en-US', { timeZone: 'America/Bogota', weekday: 'long' });
    const index = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].indexOf(today);
    const tomorrow = days[(index + 1) % 7]!;
    const edited = (await text.inputValue()).replace(hoursBlock, `horario:\n      ${tomorrow}: "08:00-09:00"\n`);
    await text.fill(edited);
    await staff.getByRole('button', { name: 'Guardar nueva versión' }).click();
    await staff.getByRole('status').filter({ hasText: 'Se guardó la versión 1 de entity.yaml' }).waitFor();

    await citizenSends('asesor');
    await botSays(/En este momento no hay asesores atendiendo/);
    await botSays(/8:00/);
  });

  it('a WhatsApp template change applies by reconnecting the channels, and the earlier version shows its diff', async () => {
    const text = staff.getByRole('textbox', { name: 'Contenido de entity.yaml' });
    await text.fill((await text.inputValue()).replace('nombre: aviso_pqrsd\n', 'nombre: aviso_pqrsd_nueva\n'));
    await staff.getByRole('button', { name: 'Guardar nueva versión' }).click();
    await staff
      .getByRole('status')
      .filter({
        hasText:
          /Se guardó la versión 2 de entity\.yaml\. Se aplicó: los canales se reconectaron .*plantillas de WhatsApp/,
      })
      .waitFor();
    expect(await staff.locator('[data-restart]').count()).toBe(0);

    await staff.getByRole('button', { name: 'Ver cambios de la versión 1' }).click();
    const diff = staff.locator('[data-diff]');
    await diff.waitFor();
    expect(await diff.innerText()).toContain('1 línea agregada (+) y 1 línea quitada (−)');
    expect(await diff.locator('del').innerText()).toMatch(/^− \d+: +nombre: aviso_pqrsd$/);
    expect(await diff.locator('ins').innerText()).toMatch(/^\+ \d+: +nombre: aviso_pqrsd_nueva$/);
  });
});
