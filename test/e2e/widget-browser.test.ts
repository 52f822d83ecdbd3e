/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { repoRoot, startServerProcess, type ServerProcess } from '../support/cli-process.js';

/**
 * The widget as a citizen meets it: the demo page served by the real server process, the built widget.js, Debian's
 * Chromium. Everything a citizen would notice is checked through what the page shows.
 */
const run = browserAvailable();

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(120, 3)]);

describe.runIf(run)('the A.V.A widget in Chromium', () => {
  let dir: string;
  let server: ServerProcess;
  let port: string;
  let context: BrowserContext;
  let page: Page;
  /** What Chromium refused because of the demo page's Content-Security-Policy (a policy that breaks the widget). */
  const refusedByPolicy: string[] = [];
  const env = () => ({ DATABASE_URL: `file:${join(dir, 'widget.db')}`, PORT: port });

  beforeAll(async () => {
    dir = join(tmpdir(), `ventanilla-e2e-${Date.now().toString(36)}`);
    await mkdir(dir, { recursive: true });
    port = '0';
    server = await startServerProcess(env());
    port = new URL(server.url).port;
    context = await launchChromium();
    page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refusedByPolicy.push(message.text());
    });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const input = () => page.getByRole('textbox', { name: 'Escriba su mensaje' });
  const bot = (text: RegExp | string) => page.locator('.msg--bot', { hasText: text }).last();
  const send = async (text: string) => {
    await input().fill(text);
    await input().press('Enter');
  };
  const waitBot = (text: RegExp | string, timeout = 10_000) => bot(text).waitFor({ state: 'visible', timeout });

  it('opens from the demo page and passes an automated accessibility check with no serious violations', async () => {
    await page.goto(`${server.url}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    const launcher = page.getByRole('button', { name: 'Abrir chat de atención al ciudadano' });
    await launcher.click();
    await input().waitFor({ state: 'visible' });
    await page.getByText(/Soy A\.V\.A, la asistente virtual/).waitFor();
    // Opening moves the keyboard focus to where the citizen types.
    expect(await input().evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    const results = await new AxeBuilder({ page })
      .include('#ava-widget')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(refusedByPolicy).toEqual([]);
  });

  it('answers the first message, typed as a question, and then a trámite question from the knowledge base', async () => {
    // The first thing the citizen types is the question itself: it is answered after the greeting, then the menu.
    await send('a que horas atienden en la alcaldia');
    await waitBot(/La sede principal es el Palacio Municipal/);
    await waitBot(/¿En qué le puedo ayudar\?/);
    expect(await page.locator('.msg--bot', { hasText: 'No le entendí' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Consultar trámites y servicios' }).last().click();
    await waitBot(/Escriba su pregunta/);
    await send('como pago el impuesto de la casa');
    await waitBot(/Puede pagar el impuesto predial en línea por PSE/);
    // The citizen's own message, with its time.
    const mine = page.locator('.msg--citizen', { hasText: 'como pago el impuesto de la casa' });
    await mine.waitFor();
    expect(await mine.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    // docs/widget.png: `UPDATE_SCREENSHOTS=1 npx vitest run test/e2e`.
    if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: join(repoRoot, 'docs', 'widget.png') });
    await page.getByRole('button', { name: 'Sí', exact: true }).last().click();
  });

  it('shows HTML typed by a citizen as text and never runs it', async () => {
    const html = '<img src=x onerror="window.__xss=1"><b>negrita</b>';
    await send(html);
    const bubble = page.locator('.msg--citizen', { hasText: '<img src=x onerror=' }).last();
    await bubble.waitFor();
    expect(await bubble.locator('img, b').count()).toBe(0);
    expect(await bubble.innerText()).toContain(html);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });

  it('files a PQRSD with an attachment and shows the radicado', async () => {
    await send('menú');
    await waitBot(/¿En qué le puedo ayudar\?/);
    await page.getByRole('button', { name: 'Radicar una PQRSD' }).last().click();
    await waitBot(/¿Qué quiere presentar\?/);
    await send('peticion');
    await waitBot(/¿Acepta que la Alcaldía use sus datos/);
    await page.getByRole('button', { name: 'Sí, acepto' }).last().click();
    await waitBot(/¿A nombre de quién presenta/);
    await page.getByRole('button', { name: 'A mi nombre' }).last().click();
    await waitBot(/¿Cuál es su nombre completo\?/);
    await send('Luis Gómez');
    await waitBot(/número de documento/);
    await send('79.123.456');
    await waitBot(/A qué dirección/);
    await send('omitir');
    await waitBot(/Escriba su correo/);
    await send('no tengo');
    await waitBot(/celular o teléfono/);
    await send('omitir');
    await waitBot(/barrio, comuna o corregimiento/);
    await send('no');
    await waitBot(/¿de qué se trata\?/);
    await send('Agua en la vereda');
    await waitBot(/Escriba todo en un solo mensaje/);
    await send('Hace ocho días no llega el agua a la vereda La Palma. Pido que revisen el acueducto.');
    await waitBot(/fotos o documentos/);
    // The bot asks for files: now, and only now, the attach control is offered.
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name: 'tubo-roto.png', mimeType: 'image/png', buffer: png });
    await page.locator('.msg--citizen', { hasText: 'tubo-roto.png' }).waitFor();
    await waitBot(/Revise su solicitud/);
    await waitBot(/¿Está todo bien\?/);
    await page.getByRole('button', { name: 'Sí, radicar' }).last().click();
    await waitBot(/con el número PQRSD-\d{4}-\d{6}/);
    expect(refusedByPolicy).toEqual([]);
  });

  it('shows the same conversation after a reload', async () => {
    const before = await page.locator('.msg').count();
    await page.reload();
    await page.getByRole('button', { name: 'Abrir chat de atención al ciudadano' }).click();
    await waitBot(/con el número PQRSD-\d{4}-\d{6}/);
    await page.locator('.msg--citizen', { hasText: 'como pago el impuesto de la casa' }).waitFor();
    expect(await page.locator('.msg').count()).toBeGreaterThanOrEqual(Math.min(before, 50));
  });

  it('keeps what the citizen types while the server is down and sends it once when it is back', async () => {
    await server.stop();
    await page
      .getByText(/Sin conexión|Reconectando/)
      .first()
      .waitFor({ timeout: 15_000 });
    await send('menú');
    await page.locator('.msg--pending', { hasText: 'menú' }).waitFor();
    server = await startServerProcess(env());
    // The widget reconnects by itself (backoff), resumes the session and sends the pending message.
    await page.locator('.msg--pending').waitFor({ state: 'detached', timeout: 40_000 });
    await waitBot(/¿En qué le puedo ayudar\?/, 15_000);
    const sentMenus = await page.locator('.msg--citizen', { hasText: /^menú$|Usted:\s*menú/ }).count();
    expect(sentMenus).toBeGreaterThanOrEqual(1);
    // Stored once on the server, whatever the reconnects.
    const { createClient } = await import('@libsql/client');
    const db = createClient({ url: `file:${join(dir, 'widget.db')}` });
    const rows = await db.execute("SELECT COUNT(*) AS n FROM Message WHERE direction = 'in' AND text = 'menú'");
    db.close();
    expect(Number(rows.rows[0]!.n)).toBe(2);
  }, 90_000);

  it('can be used with the keyboard alone and closes with Escape', async () => {
    await input().focus();
    await page.keyboard.press('Escape');
    const launcher = page.getByRole('button', { name: 'Abrir chat de atención al ciudadano' });
    expect(
      await launcher.evaluate(
        (el) => document.activeElement === el || (el.getRootNode() as ShadowRoot).activeElement === el,
      ),
    ).toBe(true);
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    await page.keyboard.press('Enter');
    await input().waitFor({ state: 'visible' });
    await page.keyboard.type('horarios');
    await page.keyboard.press('Enter');
    await waitBot(/Sede principal \(Palacio Municipal\)/);
  });
});

describe.runIf(run)('the A.V.A widget on a 360-px phone', () => {
  let dir: string;
  let server: ServerProcess;
  let context: BrowserContext;

  beforeAll(async () => {
    dir = join(tmpdir(), `ventanilla-e2e-phone-${Date.now().toString(36)}`);
    await mkdir(dir, { recursive: true });
    server = await startServerProcess({ DATABASE_URL: `file:${join(dir, 'widget.db')}` });
    context = await launchChromium({ viewport: { width: 360, height: 740 }, reducedMotion: 'reduce' });
  }, 90_000);

  afterAll(async () => {
    await context?.close();
    await server?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('fills the screen without sideways scrolling and stays usable', async () => {
    const page = await context.newPage();
    await page.goto(`${server.url}/`);
    await page.getByRole('button', { name: 'Abrir chat de atención al ciudadano' }).click();
    const input = page.getByRole('textbox', { name: 'Escriba su mensaje' });
    await input.waitFor();
    const dialog = page.getByRole('dialog');
    const box = (await dialog.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(360);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await input.fill('hola');
    await page.getByRole('button', { name: 'Enviar' }).click();
    await page.locator('.msg--bot', { hasText: /¿En qué le puedo ayudar\?/ }).waitFor();
    const results = await new AxeBuilder({ page })
      .include('#ava-widget')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21aa'])
      .analyze();
    expect(
      results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
    ).toEqual([]);
  });
});
