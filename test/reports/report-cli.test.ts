import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/knowledge/csv.js';
import { runCli } from '../support/cli-process.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';
import { seedWorld, SURVEYS_YAML } from './report-world.js';

// The same known week as reports.test.ts, through `ventanilla report service|satisfaction`: the command must give
// the same hand-computed figures in each format.
const ENTITY_YAML = `slug: san-isidro
name: Alcaldía de San Isidro
settings:
  atencion:
    areas:
      - { id: atencion_general, nombre: Atención general }
      - { id: hacienda, nombre: Hacienda }
`;

describe.each(testProviders)('ventanilla report service and satisfaction on %s', (provider) => {
  let db: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const period = ['--from', '2026-04-13', '--to', '2026-04-17'];

  beforeAll(async () => {
    db = await openMigratedDatabase(provider);
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-report-cli-'));
    await writeFile(join(dir, 'entity.yaml'), ENTITY_YAML);
    await writeFile(join(dir, 'encuestas.yaml'), SURVEYS_YAML);
    env = { DATABASE_URL: db.url, FLOWS_DIR: dir, LOG_LEVEL: 'warn' };
    await seedWorld(db.database.prisma);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('service --format json gives the report object with the hand-computed figures', async () => {
    const out = await runCli(['report', 'service', ...period, '--format', 'json'], env);
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout);
    // 8 citizen conversations; 2 bot only, 6 with a handoff; waits 60, 120, 300, 600 s → median 210, p90 600.
    expect(report.conversations).toMatchObject({
      total: 8,
      botOnly: 2,
      withHandoff: 6,
      botResolvedShare: 0.25,
      handoffRate: 0.75,
    });
    expect(report.handoffs.waitToAgent).toEqual({ count: 4, medianSeconds: 210, p90Seconds: 600 });
    expect(report.handoffs.byArea[0]).toEqual({ key: 'atencion_general', label: 'Atención general', count: 3 });
  });

  it('satisfaction as CSV: every table, titled, with CSAT 66.7 %', async () => {
    const out = await runCli(['report', 'satisfaction', ...period, '--format', 'csv'], env);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(out.stdout);
    if (!parsed.ok) throw new Error(parsed.error);
    const lines = parsed.records.map((r) => r.cells);
    // CSAT 4 satisfied of 6 → 66.7
    const csat = lines.find((cells) => /CSAT/.test(cells[0] ?? '') && cells.includes('66.7'));
    expect(csat, out.stdout).toBeDefined();
    expect(out.stdout).toContain('Comentarios');
  });

  it('text is the default: aligned tables a person reads in the terminal', async () => {
    const out = await runCli(['report', 'service', ...period], env);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/^Conversaciones por canal\n=+\n/m);
    expect(out.stdout).toMatch(/Web \(chat\) +3 +37\.5\n/);
  });

  it('a wrong date or format changes nothing and says what to fix', async () => {
    const bad = await runCli(['report', 'satisfaction', '--from', '13/04/2026', '--to', '2026-04-17'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Fecha no válida en --from: «13/04/2026». Use el formato AAAA-MM-DD');
    const format = await runCli(['report', 'service', ...period, '--format', 'xlsx'], env);
    expect(format.code).toBe(1);
    expect(format.stderr).toContain('Formato no válido: «xlsx». Use text, json o csv.');
  });
});
