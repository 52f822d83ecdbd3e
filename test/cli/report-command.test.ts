import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseClock } from '../../src/cases/deadlines/case-clock.js';
import type { CaseClock } from '../../src/cases/deadlines/case-clock.js';
import { recordTransfer } from '../../src/cases/deadlines/transfer.js';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import type { PqrsdReport } from '../../src/cases/report/pqrsd-report.js';
import { clockToJson } from '../../src/cases/store/clock-json.js';
import type { CaseType } from '../../src/cases/terms.js';
import type { Db } from '../../src/db/database.js';
import { parseCsv } from '../../src/knowledge/csv.js';
import { runCli } from '../support/cli-process.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

/** The entity file the command reads; its closure on 8 April 2026 must shift both the due date and the count. */
const ENTITY_YAML = `slug: informe-prueba
name: Alcaldía de Prueba del Informe
settings:
  pqrsd:
    calendario:
      closures:
        - date: "2026-04-08"
          reason: "Decreto 12 de 2026"
`;

/** Everything the report must never print: who filed the case and what they wrote. */
const SECRETS = [
  'Reservada',
  'Pérez',
  '99887766',
  'reservada.perez@example.com',
  '3001234567',
  'Calle Secreta 45',
  'Asunto confidencial',
  'Descripción privada',
  'Respuesta privada',
];

const bogota = (date: string, time = '10:00'): Date => new Date(`${date}T${time}:00-05:00`);

describe.each(testProviders)('ventanilla report pqrsd on %s', (provider) => {
  let db: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    db = await openMigratedDatabase(provider);
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-report-'));
    await writeFile(join(dir, 'entity.yaml'), ENTITY_YAML);
    env = { DATABASE_URL: db.url, FLOWS_DIR: dir, LOG_LEVEL: 'warn' };
    await seed(db.database.prisma);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('json: counts of the period, by Bogotá receipt date, for this entity only', async () => {
    const r = await runCli(['report', 'pqrsd', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as PqrsdReport;

    // 000005 (1 April 00:30 in Bogotá), 000006 (28 February 23:59) and the other entity's case are outside.
    expect(report.cases.map((c) => c.radicado)).toEqual([
      'PQRSD-2026-000002',
      'PQRSD-2026-000003',
      'PQRSD-2026-000001',
      'PQRSD-2026-000004',
    ]);
    expect(report.entityName).toBe('Alcaldía de Prueba del Informe');
    expect(report.totals).toMatchObject({ received: 4, answered: 2, unanswered: 2 });
    const byType = Object.fromEntries(report.byType.map((t) => [t.type, t.received]));
    expect(byType).toMatchObject({ peticion: 1, solicitud_informacion: 2, queja: 1, reclamo: 0 });
    expect(report.byDependency).toEqual([
      { key: 'Secretaría de Gobierno', label: 'Secretaría de Gobierno', count: 2 },
      { key: 'Secretaría de Hacienda', label: 'Secretaría de Hacienda', count: 1 },
      { key: 'Sin asignar', label: 'Sin asignar', count: 1 },
    ]);
    expect(report.byTerritory.barrio).toEqual([
      { key: 'El Centro', label: 'El Centro', count: 1 },
      { key: 'Sin dato', label: 'Sin dato', count: 3 },
    ]);
    expect(report.byChannel.map((c) => [c.label, c.count])).toEqual([
      ['WhatsApp', 2],
      ['Presencial', 1],
      ['Web (chat)', 1],
    ]);

    // Answered on 22 April: on time only because the entity closed on 8 April, so 15 business days, not 16.
    expect(report.cases.find((c) => c.radicado === 'PQRSD-2026-000001')).toMatchObject({
      dueDate: '2026-04-22',
      answeredOn: '2026-04-22',
      businessDaysToAnswer: 15,
      outcome: 'a_tiempo',
    });
    // Received 31 March 23:30 in Bogotá, never answered: overdue by now.
    expect(report.cases.find((c) => c.radicado === 'PQRSD-2026-000004')).toMatchObject({
      receivedOn: '2026-03-31',
      outcome: 'tarde',
    });
    expect(report.timeliness).toMatchObject({ onTime: 2, late: 1, overdueUnanswered: 1 });
    expect(report.timeliness.onTimeShare).toBeCloseTo(2 / 3, 3);
    expect(report.transfers).toEqual({ count: 1, late: 1, onTime: 0 });
    expect(report.informationRequests).toMatchObject({ received: 2, transferred: 1, denied: 1 });
    expect(report.informationRequests.cases.map((c) => [c.radicado, c.businessDaysToAnswer])).toEqual([
      ['PQRSD-2026-000002', null],
      ['PQRSD-2026-000003', 3],
    ]);
    expectNoPersonalData(r.stdout);
  }, 120_000);

  it('csv: Spanish header and one row per case; to a file with --output', async () => {
    const r = await runCli(['report', 'pqrsd', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'csv'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const parsed = parseCsv(r.stdout, ',');
    if (!parsed.ok) expect.fail(parsed.error);
    const [header, ...rows] = parsed.records.map((rec) => rec.cells);
    expect(header?.slice(0, 4)).toEqual(['Radicado', 'Tipo', 'Canal', 'Dependencia']);
    expect(header).toContain('Días hábiles para responder');
    expect(header).toContain('Información negada');
    expect(rows.map((row) => row[0])).toEqual([
      'PQRSD-2026-000002',
      'PQRSD-2026-000003',
      'PQRSD-2026-000001',
      'PQRSD-2026-000004',
    ]);
    for (const row of rows) expect(row).toHaveLength(header?.length ?? 0);
    const denied = rows[1] ?? [];
    expect(denied[header?.indexOf('Tipo') ?? -1]).toBe('Solicitud de información o documentos');
    expect(denied[header?.indexOf('Información negada') ?? -1]).toBe('Sí');
    expectNoPersonalData(r.stdout);

    const output = join(dir, 'informe.csv');
    const f = await runCli(['report', 'pqrsd', '--from', '2026-03-01', '--to', '2026-03-31', '--output', output], env);
    expect(f.stderr).toBe('');
    expect(f.code).toBe(0);
    expect(f.stdout).toContain(`Informe escrito en ${output} (4 solicitudes).`);
    // The .csv name chose the format.
    expect(await readFile(output, 'utf8')).toBe(r.stdout);
  }, 120_000);

  it('text (the default): a Spanish summary without personal data', async () => {
    const r = await runCli(['report', 'pqrsd', '--from', '2026-03-01', '--to', '2026-03-31'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Informe de PQRSD: Alcaldía de Prueba del Informe');
    expect(r.stdout).toContain('Solicitudes recibidas: 4');
    expect(r.stdout).toMatch(/Recibidas: 2\n\s+Trasladadas a otra entidad: 1\n\s+Con acceso negado: 1/);
    expect(r.stdout).toContain('PQRSD-2026-000003');
    expectNoPersonalData(r.stdout);

    const none = await runCli(['report', 'pqrsd', '--from', '2025-01-01', '--to', '2025-12-31'], env);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('No se radicaron solicitudes en este periodo.');
  }, 120_000);
});

describe('ventanilla report pqrsd: bad input', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let databaseFile: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ventanilla-report-bad-'));
    databaseFile = join(dir, 'nunca.db');
    env = { DATABASE_URL: `file:${databaseFile}`, FLOWS_DIR: 'flows', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    [['--to', '2026-03-31'], 'Indique el primer día del periodo con --from AAAA-MM-DD'],
    [['--from', '2026-03-01'], 'Indique el último día del periodo con --to AAAA-MM-DD'],
    [['--from', '2026-02-30', '--to', '2026-03-31'], 'Fecha no válida en --from: «2026-02-30»'],
    [['--from', '2026-03-01', '--to', '31/03/2026'], 'Fecha no válida en --to: «31/03/2026»'],
    [
      ['--from', '2026-04-01', '--to', '2026-03-01'],
      'La fecha inicial (--from 2026-04-01) es posterior a la fecha final',
    ],
    [
      ['--from', '2026-03-01', '--to', '2026-03-31', '--format', 'xlsx'],
      'Formato no válido: «xlsx». Use text, json o csv.',
    ],
  ])(
    '%j exits 1 with a Spanish message and touches no database',
    async (args, message) => {
      const r = await runCli(['report', 'pqrsd', ...args], env);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`Error: ${message}`);
      expect(existsSync(databaseFile)).toBe(false);
    },
    60_000,
  );
});

function expectNoPersonalData(output: string): void {
  for (const secret of SECRETS) expect(output, `the report printed «${secret}»`).not.toContain(secret);
}

/** Cases written the way the filing service stores them: the clock from the domain rules, the requester apart. */
async function seed(prisma: Db): Promise<void> {
  const entity = await prisma.entity.create({
    data: {
      slug: 'informe-prueba',
      name: 'Alcaldía de Prueba del Informe',
      settings: { pqrsd: { calendario: { closures: [{ date: '2026-04-08', reason: 'Decreto 12 de 2026' }] } } },
    },
  });
  const other = await prisma.entity.create({ data: { slug: 'otra-entidad', name: 'Otra Alcaldía', settings: {} } });
  const { calendar } = parsePqrsdSettings(entity.settings);

  const insert = async (input: {
    entityId?: string;
    sequence: number;
    type: CaseType;
    status: string;
    channel: string;
    receivedAt: Date;
    dependency?: string;
    barrio?: string;
    answeredAt?: Date;
    informationDenied?: boolean;
    clock?: (clock: CaseClock) => CaseClock;
    requester?: boolean;
  }): Promise<void> => {
    const opened = openCaseClock({ type: input.type, receivedAt: input.receivedAt, calendar });
    const clock = input.clock ? input.clock(opened) : opened;
    const radicado = `PQRSD-2026-${String(input.sequence).padStart(6, '0')}`;
    const created = await prisma.pqrsdCase.create({
      data: {
        entityId: input.entityId ?? entity.id,
        radicado,
        year: 2026,
        sequence: input.sequence,
        type: input.type,
        status: input.status,
        channel: input.channel,
        replyChannel: 'correo',
        requesterKind: input.requester ? 'natural' : 'anonima',
        identityReserved: input.requester === true,
        subject: 'Asunto confidencial del ciudadano',
        description: 'Descripción privada con detalles personales',
        answer: input.answeredAt ? 'Respuesta privada enviada al ciudadano' : null,
        dependency: input.dependency ?? null,
        barrio: input.barrio ?? null,
        receivedAt: input.receivedAt,
        dueDate: clock.dueDate,
        clock: clockToJson(clock) as object,
        answeredAt: input.answeredAt ?? null,
        informationDenied: input.informationDenied ?? false,
      },
    });
    if (input.requester) {
      await prisma.caseRequester.create({
        data: {
          caseId: created.id,
          entityId: created.entityId,
          name: 'Reservada Pérez',
          documentType: 'CC',
          documentNumber: '99887766',
          email: 'reservada.perez@example.com',
          phone: '3001234567',
          address: 'Calle Secreta 45',
        },
      });
    }
  };

  await insert({
    sequence: 1,
    type: 'peticion',
    status: 'respondido',
    channel: 'web',
    dependency: 'Secretaría de Gobierno',
    barrio: 'El Centro',
    receivedAt: bogota('2026-03-27'),
    answeredAt: bogota('2026-04-22', '15:00'),
    requester: true,
  });
  await insert({
    sequence: 2,
    type: 'solicitud_informacion',
    status: 'trasladado',
    channel: 'whatsapp',
    receivedAt: bogota('2026-03-02', '09:00'),
    // Five business days after 2 March end on 9 March: the 12 March transfer is late.
    clock: (c) => {
      const moved = recordTransfer(c, { on: bogota('2026-03-12'), recipient: 'Gobernación de Antioquia' }, calendar);
      if (!moved.ok) throw new Error(moved.error.message);
      return moved.value;
    },
    requester: true,
  });
  await insert({
    sequence: 3,
    type: 'solicitud_informacion',
    status: 'respondido',
    channel: 'whatsapp',
    dependency: 'Secretaría de Hacienda',
    receivedAt: bogota('2026-03-10'),
    answeredAt: bogota('2026-03-13'),
    informationDenied: true,
    requester: true,
  });
  await insert({
    sequence: 4,
    type: 'queja',
    status: 'en_tramite',
    channel: 'presencial',
    dependency: 'Secretaría de Gobierno',
    receivedAt: bogota('2026-03-31', '23:30'),
    requester: true,
  });
  await insert({
    sequence: 5,
    type: 'reclamo',
    status: 'en_tramite',
    channel: 'web',
    receivedAt: bogota('2026-04-01', '00:30'),
  });
  await insert({
    sequence: 6,
    type: 'peticion',
    status: 'en_tramite',
    channel: 'web',
    receivedAt: bogota('2026-02-28', '23:59'),
  });
  await insert({
    entityId: other.id,
    sequence: 7,
    type: 'peticion',
    status: 'en_tramite',
    channel: 'web',
    receivedAt: bogota('2026-03-15'),
  });
}
