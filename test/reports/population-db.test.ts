import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../src/cases/calendar/business-calendar.js';
import type { CaseService } from '../../src/cases/service/case-service.js';
import { clockToJson } from '../../src/cases/store/clock-json.js';
import type { Database } from '../../src/db/database.js';
import type { PopulationProfile } from '../../src/population/population-profile.js';
import { PopulationStore } from '../../src/population/population-store.js';
import { ReportService } from '../../src/reports/report-service.js';
import { populationTables } from '../../src/reports/population-tables.js';
import { staffActor } from '../../src/staff/staff-member.js';
import { runCli } from '../support/cli-process.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';
import { bogota, PERIOD, surveys, SURVEYS_YAML } from './report-world.js';

// A known week on a real database: 10 cases in the period, one just after it and one of another entity, with the
// population each citizen stated; two answered satisfaction surveys. Every figure below is counted by hand.
describe.each(testProviders)('population report over a known week (%s)', (provider) => {
  let db: { database: Database; url: string; close(): Promise<void> };
  let reports: ReportService;
  let entityId: string;

  beforeAll(async () => {
    db = await openMigratedDatabase(provider);
    const prisma = db.database.prisma;
    entityId = (await prisma.entity.create({ data: { slug: 'sanisidro', name: 'San Isidro', settings: {} } })).id;
    const other = (await prisma.entity.create({ data: { slug: 'otra', name: 'Otra', settings: {} } })).id;
    let sequence = 0;
    const file = async (day: string, profile: PopulationProfile | null, owner = entityId) => {
      sequence += 1;
      const receivedAt = bogota(day);
      const row = await prisma.pqrsdCase.create({
        data: {
          entityId: owner,
          radicado: `PQRSD-2026-${String(sequence).padStart(6, '0')}`,
          year: 2026,
          sequence,
          type: 'peticion',
          status: 'radicado',
          channel: 'web',
          replyChannel: 'canal',
          requesterKind: 'natural',
          description: 'Solicitud de prueba',
          receivedAt,
          dueDate: '2026-05-07',
          clock: clockToJson({
            type: 'peticion',
            termDays: 15,
            receivedAt,
            receivedOn: day,
            termStartsAfter: day,
            dueDate: '2026-05-07',
            status: 'running',
            extension: null,
            completion: null,
            transfer: null,
          } as never) as object,
        },
      });
      if (profile) await new PopulationStore(prisma, owner).saveForCase(row.id, profile);
      return row.id;
    };
    // V1-V5: victims aged 29 to 59; the first also has a physical disability.
    const victimCase = await file('2026-04-13', {
      armedConflictVictim: 'si',
      ageGroup: '29_a_59',
      disability: 'fisica',
    });
    for (const day of ['2026-04-13', '2026-04-14', '2026-04-15', '2026-04-16']) {
      await file(day, { armedConflictVictim: 'si', ageGroup: '29_a_59' });
    }
    // N1, N2: not victims, no other field asked.
    const notVictimCase = await file('2026-04-16', { armedConflictVictim: 'no' });
    await file('2026-04-17', { armedConflictVictim: 'no' });
    // S1-S3: never asked.
    for (const day of ['2026-04-14', '2026-04-15', '2026-04-17']) await file(day, null);
    // Out: the Monday after the period, and another entity's victim in the period.
    await file('2026-04-20', { armedConflictVictim: 'si' });
    await file('2026-04-15', { armedConflictVictim: 'si' }, other);

    // Two answered "pqrsd" surveys about V1 (5, satisfied) and N1 (2, not satisfied).
    for (const [caseId, score] of [
      [victimCase, 5],
      [notVictimCase, 2],
    ] as const) {
      const run = await prisma.surveyRun.create({
        data: {
          entityId,
          surveyId: 'pqrsd',
          channel: 'web',
          trigger: 'case_answered',
          status: 'answered',
          caseId,
          sentAt: bogota('2026-04-17'),
        },
      });
      await prisma.surveyAnswer.create({
        data: { entityId, runId: run.id, questionId: 'satisfaccion', value: String(score), score },
      });
    }

    reports = new ReportService({
      prisma,
      entityId,
      entityName: 'San Isidro',
      calendar: new BusinessCalendar(),
      cases: {} as CaseService,
      surveys,
      areaName: (id) => id,
    });
  }, 60_000);
  afterAll(async () => db?.close());

  const supervisor = () => staffActor({ id: 's', entityId, name: 'Sara', roles: ['supervisor'], dependency: null });

  it('counts the period\'s PQRSD by group: 5 victims shown, 2 non-victims and 3 never asked as "<5"', async () => {
    const report = await reports.population(supervisor(), PERIOD);
    const victims = report.breakdowns.find((b) => b.field === 'armedConflictVictim')!;
    expect(victims.rows.map((r) => [r.value, r.cases])).toEqual([
      ['si', 5],
      ['no', '<5'],
      ['prefiere_no_decir', 0],
      ['sin_dato', '<5'],
    ]);
    expect(victims.totalCases).toBe(10);
    // One person with a disability is alone in "<5": the smallest other group, the 9 not asked, is reserved too.
    const disability = report.breakdowns.find((b) => b.field === 'disability')!;
    expect(disability.rows.filter((r) => r.cases !== 0).map((r) => [r.value, r.cases])).toEqual([
      ['fisica', '<5'],
      ['sin_dato', 'reservado'],
    ]);
    expect(disability.totalCases).toBe(10);
    // Two answers in all: every group and the total are below 5, and no share is shown.
    expect(victims.rows.map((r) => [r.value, r.csatResponses, r.csatShare])).toEqual([
      ['si', '<5', null],
      ['no', '<5', null],
      ['prefiere_no_decir', 0, null],
      ['sin_dato', 0, null],
    ]);
    expect(victims.totalCsatResponses).toBe('<5');
  });

  it('gives the dashboard one table per field, with the total row, and the same cells', async () => {
    const tables = populationTables(await reports.population(supervisor(), PERIOD));
    const table = tables.find((t) => t.id === 'poblacion-armedConflictVictim')!;
    expect(table.title).toBe(
      'PQRSD y satisfacción por víctima del conflicto armado (grupos de menos de 5 personas: "<5")',
    );
    expect(table.rows).toEqual([
      ['Sí', 5, '<5', null],
      ['No', '<5', '<5', null],
      ['Prefiere no decir', 0, 0, null],
      ['Sin dato (no se preguntó)', '<5', 0, null],
      ['Total', 10, '<5', null],
    ]);
  });

  it('ventanilla report poblacion gives the same breakdowns, with the threshold of settings.reportes.conteoMinimo', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ventanilla-population-cli-'));
    try {
      await writeFile(
        join(dir, 'entity.yaml'),
        'slug: sanisidro\nname: San Isidro\nsettings:\n  reportes:\n    conteoMinimo: 3\n',
      );
      await writeFile(join(dir, 'encuestas.yaml'), SURVEYS_YAML);
      const env = { DATABASE_URL: db.url, FLOWS_DIR: dir, LOG_LEVEL: 'warn' };
      const out = await runCli(
        ['report', 'poblacion', '--from', PERIOD.from, '--to', PERIOD.to, '--format', 'json'],
        env,
      );
      expect(out.code, out.stderr).toBe(0);
      const report = JSON.parse(out.stdout);
      expect(report.threshold).toBe(3);
      // With 3 as the threshold the 3 never asked are shown, the 2 non-victims alone are "<3", so the 3 are reserved.
      const victims = report.breakdowns.find((b: { field: string }) => b.field === 'armedConflictVictim');
      expect(victims.rows.map((r: { value: string; cases: unknown }) => [r.value, r.cases])).toEqual([
        ['si', 5],
        ['no', '<3'],
        ['prefiere_no_decir', 0],
        ['sin_dato', 'reservado'],
      ]);
      expect(victims.totalCases).toBe(10);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is for roles that read reports only', async () => {
    const agent = staffActor({ id: 'a', entityId, name: 'Ana', roles: ['agente'], dependency: null });
    await expect(reports.population(agent, PERIOD)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
