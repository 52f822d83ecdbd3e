/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { cp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { repoRoot, runCli, startServerProcess, type ServerProcess } from '../support/cli-process.js';
import { pdfText } from '../support/pdf-text.js';
import { openMigratedDatabase } from '../support/test-database.js';

/**
 * Issue #25 as people meet it, on the real server with the demo entity (flows/entity.yaml: offices
 * "ventanilla-centro" and "linea-atencion"), the built console and Debian's Chromium: a citizen answers the counter's
 * QR survey on a 390 px phone and the supervisor finds it in the satisfaction report as presencial for that office;
 * an official files a walk-in petition and prints the constancia de radicación to PDF.
 */
const run = browserAvailable();
const OFFICE_NAME = 'Ventanilla única del Centro Administrativo';

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe.runIf(run)('counter, phone and QR surveys in Chromium', { timeout: 90_000 }, () => {
  let dir: string;
  let db: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let server: ServerProcess;
  const contexts: BrowserContext[] = [];
  let page: Page | undefined;
  const passwords: Record<string, string> = {};

  beforeAll(async () => {
    dir = join(tmpdir(), `ventanilla-counter-e2e-${Date.now().toString(36)}`);
    await mkdir(dir, { recursive: true });
    const flows = join(dir, 'flows');
    await cp(join(repoRoot, 'flows'), flows, { recursive: true });
    db = await openMigratedDatabase('sqlite');
    await db.database.close();
    const env = { DATABASE_URL: db.url, FLOWS_DIR: flows };
    for (const [name, email, role] of [
      ['Sofía Supervisora', 'sofia@alcaldia.gov.co', 'supervisor'],
      ['Gloria Gestora', 'gloria@alcaldia.gov.co', 'gestor'],
    ] as const) {
      const added = await runCli(['agents', 'add', '--name', name, '--email', email, '--role', role], env);
      expect(added.code, added.stderr).toBe(0);
      passwords[email] = /Contraseña: (\S+)/.exec(added.stdout)![1]!;
    }
    server = await startServerProcess(env);
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await server?.stop();
    await db?.close().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  afterEach(async (test) => {
    if (test.task.result?.state !== 'fail') return;
    const seen = page
      ? (
          await page
            .locator('body')
            .innerText()
            .catch(() => '')
        ).slice(0, 3000)
      : '';
    console.error(
      `--- page:\n${seen}\n--- server log (last 40 lines):\n${server?.logs().split('\n').slice(-40).join('\n')}`,
    );
  });

  async function open(viewport: { width: number; height: number }): Promise<Page> {
    const context = await launchChromium({ viewport });
    contexts.push(context);
    page = await context.newPage();
    return page;
  }

  async function signIn(p: Page, email: string): Promise<void> {
    await p.goto(`${server.url}/console`);
    await p.getByLabel('Correo institucional').fill(email);
    await p.getByLabel('Contraseña').fill(passwords[email]!);
    await p.getByRole('button', { name: 'Ingresar' }).click();
    await p.getByRole('link', { name: 'Ventanilla y teléfono' }).waitFor();
  }

  it('a citizen answers the QR survey on a 390 px phone; the report counts it as presencial for that office', async () => {
    const phone = await open({ width: 390, height: 844 });
    await phone.goto(`${server.url}/encuesta/ventanilla-centro`);
    await phone.getByRole('heading', { name: 'Atención del asesor' }).waitFor();
    expect(await seriousViolations(phone)).toEqual([]);
    // Nothing wider than the phone: no sideways scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Touch targets: every choice is at least 44 px high.
    const heights = await phone
      .locator('label.choice')
      .evaluateAll((labels) => labels.map((l) => l.getBoundingClientRect().height));
    expect(Math.min(...heights)).toBeGreaterThanOrEqual(44);

    // Sent with nothing chosen, the page says what is missing and stays accessible.
    await phone.getByRole('button', { name: 'Enviar respuestas' }).click();
    await phone.getByRole('alert').getByText('Revise 3 respuestas').waitFor();
    expect(await seriousViolations(phone)).toEqual([]);

    // The first question by keyboard (arrow keys move between radios), the rest by touch.
    const first = phone.getByRole('group', { name: /^1\. En general/ });
    await first.getByRole('radio', { name: '1 - Muy malo' }).focus();
    for (let i = 0; i < 4; i++) await phone.keyboard.press('ArrowDown');
    expect(await first.getByRole('radio', { name: '5 - Muy bueno' }).isChecked()).toBe(true);
    await phone.getByRole('group', { name: /^2\./ }).getByText('Sí', { exact: true }).click();
    await phone.getByRole('group', { name: /^3\./ }).getByText('4 - Bueno').click();
    await phone.getByLabel(/Quiere dejarnos un comentario/).fill('Me atendieron rápido');
    await phone.getByRole('button', { name: 'Enviar respuestas' }).click();
    await phone.getByRole('heading', { name: 'Gracias' }).waitFor();
    expect(await phone.getByRole('status').innerText()).toContain(OFFICE_NAME);
    expect(await seriousViolations(phone)).toEqual([]);

    const desk = await open({ width: 1366, height: 768 });
    await signIn(desk, 'sofia@alcaldia.gov.co');
    // The office's poster: the QR code as SVG and the address written out.
    await desk.getByRole('link', { name: 'Ventanilla y teléfono' }).click();
    const [poster] = await Promise.all([
      desk.waitForEvent('popup'),
      desk.getByRole('link', { name: `Imprimir código QR de ${OFFICE_NAME}` }).click(),
    ]);
    await poster.getByRole('img', { name: 'Código QR de la encuesta' }).locator('svg').waitFor();
    expect(await poster.locator('.url').innerText()).toBe(`${server.url}/encuesta/ventanilla-centro`);
    await poster.close();

    // This month's report (the section's default period) holds today's answer.
    await desk.getByRole('link', { name: 'Informes' }).click();
    const table = async (id: string, title: string) => {
      const details = desk.locator('details', { has: desk.locator('summary', { hasText: title }) });
      await details.locator('summary').click();
      return details.locator(`table[data-table="${id}"] tbody tr`).allInnerTexts();
    };
    const offices = await table('encuestas-por-oficina', 'Encuestas por oficina o ventanilla');
    expect(offices.map((r) => r.split('\t').slice(0, 3))).toEqual([
      [OFFICE_NAME, '1', '1'],
      ['Línea de atención telefónica', '0', '0'],
    ]);
    const channels = await table('encuestas-por-canal', 'Encuestas por canal');
    expect(channels.map((r) => r.split('\t').slice(0, 3))).toEqual([
      ['Presencial', '1', '1'],
      ['Teléfono', '0', '0'],
    ]);
  });

  it('an official files a written walk-in petition and prints the constancia de radicación', async () => {
    const desk = await open({ width: 1366, height: 768 });
    await signIn(desk, 'gloria@alcaldia.gov.co');
    await desk.getByRole('link', { name: 'Ventanilla y teléfono' }).click();
    const form = desk.locator('form.intake-form');
    await form.getByLabel('Oficina o ventanilla').selectOption('ventanilla-centro');
    await form.getByRole('radio', { name: 'En persona, en la ventanilla' }).check();
    await form.getByRole('radio', { name: 'Escrita: entregó un documento' }).check();
    await form.getByLabel('Tipo de solicitud').selectOption('peticion');
    await form.getByRole('radio', { name: 'Una persona' }).check();
    await expect.poll(() => form.getByText('Aviso de tratamiento de datos personales').isVisible()).toBe(true);
    await form.getByRole('radio', { name: 'Sí, acepta' }).check();
    await form.getByLabel('Nombre completo', { exact: true }).fill('Ana Ciudadana Ruiz');
    await form.getByLabel('Tipo de documento', { exact: true }).selectOption('CC');
    await form.getByLabel('Número de documento', { exact: true }).fill('1.020.304.050');
    await form.getByRole('textbox', { name: 'Correo electrónico' }).fill('ana.ciudadana@example.com');
    await form.getByRole('radio', { name: 'Por correo electrónico' }).check();
    await form
      .getByLabel('Descripción de la petición')
      .fill('Solicito el arreglo del alumbrado público de la calle 8 con carrera 3.');
    await form.getByRole('button', { name: 'Radicar petición' }).click();

    const receipt = desk.locator('section.receipt');
    await receipt.getByRole('heading', { name: 'Constancia de radicación' }).waitFor();
    const radicado = await receipt.locator('.receipt__radicado strong').innerText();
    expect(radicado).toMatch(/^PQRSD-\d{4}-\d{6}$/);
    const shown = await receipt.innerText();
    expect(shown).toContain('En persona, por escrito');
    expect(shown).toContain('Correo electrónico: ana.ciudadana@example.com');
    expect(shown).toContain('Aceptó el aviso de tratamiento de datos (política versión 2026-02).');
    expect(shown).toContain('escriba «consultar radicado»');
    expect(await seriousViolations(desk)).toEqual([]);

    // Printed (Chromium's print to PDF uses the print styles): the constancia alone, with the radicado, the due date
    // and how to check the status; the console's header and buttons are left out. The PDF's own text is read back.
    const due = /Fecha máxima de respuesta\n(.+)/.exec(shown)?.[1];
    expect(due).toMatch(/^\w+ \d{1,2} de \w+ de \d{4}$/);
    const text = pdfText(await desk.pdf({ format: 'A4', printBackground: true }));
    expect(text).toContain(radicado);
    expect(text).toContain('Constancia de radicación');
    expect(text).toContain(due!);
    expect(text).toContain('Cómo consultar el estado de su petición');
    expect(text).not.toContain('Radicar otra petición');
    expect(text).not.toContain('Consola de atención');
  });
});
