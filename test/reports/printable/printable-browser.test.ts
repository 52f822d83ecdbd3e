/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSemesterReport } from '../../../src/reports/printable/ley1474-report-page.js';
import { renderTransparencyReport } from '../../../src/reports/printable/ley1712-report-page.js';
import { browserAvailable, launchChromium } from '../../support/browser.js';
import { repoRoot } from '../../support/cli-process.js';
import { ENTITY_NAME, GENERATED_AT, SEMESTER, fixtureReport, fixtureSatisfaction } from './report-fixture.js';

/**
 * The printable reports as an official prints them: Debian's Chromium, print media, letter paper. Letter is 8.5 in
 * = 816 CSS px wide; inside the 1.8 cm margins of @page, about 680 px are left for the content.
 */
const run = browserAvailable();

const report = fixtureReport();
const pages = {
  'Ley 1712 (transparencia)': renderTransparencyReport(report, { entityName: ENTITY_NAME, generatedAt: GENERATED_AT }),
  'Ley 1474 (semestral)': renderSemesterReport({
    report,
    satisfaction: fixtureSatisfaction,
    semester: SEMESTER,
    entityName: ENTITY_NAME,
    generatedAt: GENERATED_AT,
  }),
};

describe.runIf(run)('the printable PQRSD reports in Chromium', () => {
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    context = await launchChromium({ viewport: { width: 816, height: 1056 } });
    page = await context.newPage();
    // A blocked resource or a CSP violation would show here.
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    page.on('request', (r) => {
      if (!r.url().startsWith('data:') && r.url() !== 'about:blank') problems.push(`request: ${r.url()}`);
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
  });

  for (const [name, html] of Object.entries(pages)) {
    it(`${name}: nothing overflows the page at print width, and the print styles apply`, async () => {
      await page.setViewportSize({ width: 816, height: 1056 });
      await page.setContent(html);
      await page.emulateMedia({ media: 'print' });
      for (const width of [816, 680]) {
        await page.setViewportSize({ width, height: 1056 });
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
        }));
        expect(scrollWidth, `at ${width} px`).toBeLessThanOrEqual(clientWidth);
      }
      const styles = await page.evaluate(() => {
        const row = document.querySelector('tbody tr');
        const head = document.querySelector('thead');
        return {
          rowBreak: row ? getComputedStyle(row).breakInside : null,
          head: head ? getComputedStyle(head).display : null,
          color: getComputedStyle(document.body).color,
          background: getComputedStyle(document.body).backgroundColor,
        };
      });
      expect(styles).toEqual({
        rowBreak: 'avoid',
        head: 'table-header-group',
        color: 'rgb(0, 0, 0)',
        background: 'rgb(255, 255, 255)',
      });
      expect(problems).toEqual([]);
    });

    it(`${name}: prints to a letter-size PDF`, async () => {
      await page.setViewportSize({ width: 816, height: 1056 });
      await page.setContent(html);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ preferCSSPageSize: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const raw = pdf.toString('latin1');
      const pageCount = (raw.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
      expect(pageCount).toBeGreaterThanOrEqual(1);
      // 612 x 792 points is US letter: the @page size was honoured.
      expect(raw).toMatch(/\/MediaBox\s*\[\s*0 0 612 792\s*\]/);
    });
  }

  it('the semester report looks like a report on screen (docs/reports/ley-1474.png)', async () => {
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1000, height: 1100 });
    await page.setContent(pages['Ley 1474 (semestral)']);
    await page.getByRole('heading', { name: /Informe semestral de PQRSD: Primer semestre de 2026/ }).waitFor();
    await page.getByText('55,6 %', { exact: true }).first().waitFor();
    // `UPDATE_SCREENSHOTS=1 npx vitest run test/reports/printable` refreshes the picture kept in docs.
    if (process.env.UPDATE_SCREENSHOTS) {
      await page.screenshot({ path: join(repoRoot, 'docs', 'reports', 'ley-1474.png') });
    }
  });
});
