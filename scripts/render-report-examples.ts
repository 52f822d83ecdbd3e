/**
 * Developer tool: writes the example printable reports kept in docs/reports from the test fixture, so the examples
 * always show what the tested code produces.
 *
 *   npx tsx scripts/render-report-examples.ts
 *
 * The screenshot docs/reports/ley-1474.png comes from the browser test:
 *   UPDATE_SCREENSHOTS=1 npx vitest run test/reports/printable/printable-browser.test.ts
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderSemesterReport } from '../src/reports/printable/ley1474-report-page.js';
import { renderTransparencyReport } from '../src/reports/printable/ley1712-report-page.js';
import {
  ENTITY_NAME,
  GENERATED_AT,
  SEMESTER,
  fixtureReport,
  fixtureSatisfaction,
} from '../test/reports/printable/report-fixture.js';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'reports');
await mkdir(outDir, { recursive: true });

const report = fixtureReport();
await writeFile(
  join(outDir, 'ley-1712-example.html'),
  renderTransparencyReport(report, { entityName: ENTITY_NAME, generatedAt: GENERATED_AT }),
);
await writeFile(
  join(outDir, 'ley-1474-example.html'),
  renderSemesterReport({
    report,
    satisfaction: fixtureSatisfaction,
    semester: SEMESTER,
    entityName: ENTITY_NAME,
    generatedAt: GENERATED_AT,
  }),
);
console.log(`Ejemplos escritos en ${outDir}`);
