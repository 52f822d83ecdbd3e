import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../src/cases/calendar/business-calendar.js';
import { toBogotaDate } from '../../src/cases/local-date.js';
import { bogotaStartOfDay } from '../../src/cases/local-date.js';
import { buildPqrsdReport } from '../../src/cases/report/pqrsd-report.js';
import type { PqrsdReport, ReportCase } from '../../src/cases/report/pqrsd-report.js';
import { CASE_CSV_HEADER, reportToCsv, reportToText } from '../../src/cases/report/report-formats.js';
import { parseCsv } from '../../src/knowledge/csv.js';
import { CaseType, termFor } from '../../src/cases/terms.js';
import { d } from './helpers.js';

const calendar = new BusinessCalendar();

/** An instant given as Bogotá wall-clock time (UTC-5). */
const bogota = (date: string, time = '10:00'): Date => new Date(`${date}T${time}:00-05:00`);

let sequence = 0;
function reportCase(over: Partial<ReportCase> & { receivedAt: Date }): ReportCase {
  sequence += 1;
  const type = over.type ?? 'peticion';
  const parsedType = CaseType.safeParse(type);
  const term = parsedType.success ? termFor(parsedType.data) : 15;
  return {
    radicado: `PQRSD-2026-${String(sequence).padStart(6, '0')}`,
    type,
    status: over.answeredAt ? 'respondido' : 'en_tramite',
    channel: 'web',
    dependency: 'Secretaría de Gobierno',
    barrio: null,
    comuna: null,
    corregimiento: null,
    dueDate: calendar.addBusinessDays(toBogotaDate(over.receivedAt), term),
    answeredAt: null,
    informationDenied: false,
    extended: false,
    transfer: null,
    ...over,
  };
}

const march = { from: d('2026-03-01'), to: d('2026-03-31'), calendar };

function rowOf(report: PqrsdReport, radicado: string) {
  const row = report.cases.find((c) => c.radicado === radicado);
  if (!row) expect.fail(`no row for ${radicado}`);
  return row;
}

describe('buildPqrsdReport: response times counted like legal terms', () => {
  // Received Friday 27 March 2026: San José (23 March) is behind, Jueves and Viernes Santo (2-3 April) ahead.
  const onDueDate = reportCase({ receivedAt: bogota('2026-03-27'), answeredAt: bogota('2026-04-21', '16:00') });
  const dayAfter = reportCase({ type: 'queja', receivedAt: bogota('2026-03-27'), answeredAt: bogota('2026-04-22') });
  // 22:30 in Bogotá on the due date is already the next day in UTC; the citizen got the answer on the due date.
  const lateNight = reportCase({
    type: 'reclamo',
    receivedAt: bogota('2026-03-27'),
    answeredAt: bogota('2026-04-21', '22:30'),
  });
  const unanswered = reportCase({ type: 'reclamo', receivedAt: bogota('2026-03-27') });
  const cases = [onDueDate, dayAfter, lateNight, unanswered];

  it('a 15-day term from Friday 2026-03-27 ends 2026-04-21, and answering that day is on time', () => {
    expect(onDueDate.dueDate).toBe('2026-04-21');
    const report = buildPqrsdReport(cases, { ...march, today: d('2026-04-21') });
    expect(rowOf(report, onDueDate.radicado)).toMatchObject({
      receivedOn: '2026-03-27',
      dueDate: '2026-04-21',
      answeredOn: '2026-04-21',
      businessDaysToAnswer: 15,
      calendarDaysToAnswer: 25,
      outcome: 'a_tiempo',
      outcomeLabel: 'A tiempo',
    });
    expect(rowOf(report, dayAfter.radicado)).toMatchObject({
      answeredOn: '2026-04-22',
      businessDaysToAnswer: 16,
      calendarDaysToAnswer: 26,
      outcome: 'tarde',
    });
    expect(rowOf(report, lateNight.radicado)).toMatchObject({ answeredOn: '2026-04-21', outcome: 'a_tiempo' });
  });

  it('an unanswered case is pending through its due date and late the day after', () => {
    const onDue = buildPqrsdReport(cases, { ...march, today: d('2026-04-21') });
    expect(rowOf(onDue, unanswered.radicado).outcome).toBe('pendiente');
    expect(onDue.timeliness).toMatchObject({ onTime: 2, late: 1, lateAnswered: 1, overdueUnanswered: 0 });
    expect(onDue.timeliness.onTimeShare).toBeCloseTo(2 / 3, 4);

    const after = buildPqrsdReport(cases, { ...march, today: d('2026-04-22') });
    expect(rowOf(after, unanswered.radicado)).toMatchObject({ outcome: 'tarde', answeredOn: null });
    expect(after.timeliness).toMatchObject({ onTime: 2, late: 2, lateAnswered: 1, overdueUnanswered: 1 });
    expect(after.timeliness.onTimeShare).toBe(0.5);
    expect(after.totals).toMatchObject({ received: 4, answered: 3, unanswered: 1 });
  });

  it('counts business days on the entity calendar: a closure day does not count', () => {
    const closed = new BusinessCalendar({ closures: [{ date: d('2026-04-08'), reason: 'Decreto 12 de 2026' }] });
    const report = buildPqrsdReport([onDueDate], { ...march, calendar: closed, today: d('2026-04-30') });
    expect(report.cases[0]?.businessDaysToAnswer).toBe(14);
    expect(report.cases[0]?.calendarDaysToAnswer).toBe(25);
  });

  it('average and median business days to answer cover answered cases only', () => {
    const quick = reportCase({ receivedAt: bogota('2026-03-20'), answeredAt: bogota('2026-03-25') });
    const three = buildPqrsdReport([onDueDate, dayAfter, quick, unanswered], { ...march, today: d('2026-05-01') });
    // 15, 16 and 2 business days (23 March, San José, does not count for the quick one).
    expect(rowOf(three, quick.radicado).businessDaysToAnswer).toBe(2);
    expect(three.timeliness.averageBusinessDays).toBe(11);
    expect(three.timeliness.medianBusinessDays).toBe(15);
    const four = buildPqrsdReport([onDueDate, dayAfter, quick, lateNight], { ...march, today: d('2026-05-01') });
    expect(four.timeliness.medianBusinessDays).toBe(15);
    const two = buildPqrsdReport([dayAfter, quick], { ...march, today: d('2026-05-01') });
    expect(two.timeliness.medianBusinessDays).toBe(9);
    expect(two.timeliness.averageCalendarDays).toBe(15.5);
  });
});

describe('buildPqrsdReport: outcomes that are neither on time nor late', () => {
  it('transferred, desisted and suspended cases never count as late, even long after the due date', () => {
    const transferred = reportCase({
      status: 'trasladado',
      receivedAt: bogota('2026-03-02'),
      transfer: { transferredOn: d('2026-03-05'), recipient: 'Gobernación de Antioquia', late: false },
    });
    const desisted = reportCase({ status: 'desistido', receivedAt: bogota('2026-03-03') });
    const waiting = reportCase({ status: 'esperando_ciudadano', receivedAt: bogota('2026-03-04') });
    const report = buildPqrsdReport([transferred, desisted, waiting], { ...march, today: d('2026-10-01') });
    expect(report.cases.map((c) => c.outcome)).toEqual(['trasladado', 'desistido', 'pendiente']);
    expect(report.timeliness.onTimeShare).toBeNull();
    expect(report.timeliness.averageBusinessDays).toBeNull();
    expect(report.byOutcome).toEqual([
      { key: 'a_tiempo', label: 'A tiempo', count: 0 },
      { key: 'tarde', label: 'Tarde', count: 0 },
      { key: 'pendiente', label: 'Pendiente (en término)', count: 1 },
      { key: 'trasladado', label: 'Trasladada por competencia', count: 1 },
      { key: 'desistido', label: 'Desistida', count: 1 },
      { key: 'retirado', label: 'Retirada por el ciudadano', count: 0 },
      { key: 'archivado', label: 'Archivada sin aclarar o rechazada (art. 19)', count: 0 },
      { key: 'sin_competencia', label: 'Sin autoridad competente (art. 21)', count: 0 },
    ]);
  });

  it('an extension moves the due date: answered after the first date but within the new one is on time', () => {
    const receivedOn = d('2026-03-02');
    const extended = reportCase({
      receivedAt: bogota(receivedOn),
      dueDate: calendar.addBusinessDays(receivedOn, 30),
      extended: true,
      answeredAt: bogota('2026-04-10'),
    });
    expect(calendar.addBusinessDays(receivedOn, 15) < '2026-04-10').toBe(true);
    const report = buildPqrsdReport([extended], { ...march, today: d('2026-05-01') });
    expect(report.cases[0]).toMatchObject({ extended: true, outcome: 'a_tiempo' });
    expect(report.totals.extended).toBe(1);
  });
});

describe('buildPqrsdReport: transfers and information requests (Decreto 1081 de 2015 art. 2.1.1.6.2)', () => {
  // Received Monday 16 March: five business days after it end 24 March (23 March is San José).
  const lateTransfer = reportCase({
    type: 'solicitud_informacion',
    status: 'trasladado',
    receivedAt: bogota('2026-03-16'),
    transfer: { transferredOn: d('2026-03-26'), recipient: 'Gobernación de Antioquia', late: true },
  });
  const denied = reportCase({
    type: 'solicitud_informacion',
    receivedAt: bogota('2026-03-20'),
    answeredAt: bogota('2026-03-25'),
    informationDenied: true,
  });
  const granted = reportCase({
    type: 'solicitud_informacion',
    receivedAt: bogota('2026-03-20'),
    answeredAt: bogota('2026-04-09'),
  });
  const timelyTransfer = reportCase({
    status: 'trasladado',
    receivedAt: bogota('2026-03-17'),
    transfer: { transferredOn: d('2026-03-18'), recipient: 'Personería Municipal', late: false },
  });
  const report = buildPqrsdReport([lateTransfer, denied, granted, timelyTransfer], {
    ...march,
    today: d('2026-04-30'),
  });

  it('counts transfers and the ones made after the 5 business days of art. 21', () => {
    expect(report.transfers).toEqual({ count: 2, late: 1, onTime: 1 });
    expect(rowOf(report, lateTransfer.radicado)).toMatchObject({
      transferred: true,
      transferLate: true,
      transferredTo: 'Gobernación de Antioquia',
      outcome: 'trasladado',
    });
  });

  it('reports received, transferred and denied information requests and the response time of each', () => {
    const info = report.informationRequests;
    expect(info).toMatchObject({ received: 3, transferred: 1, denied: 1, answered: 2 });
    expect(info.cases.map((c) => [c.radicado, c.businessDaysToAnswer, c.outcome, c.denied])).toEqual([
      [lateTransfer.radicado, null, 'trasladado', false],
      [denied.radicado, 2, 'a_tiempo', true],
      // 10-day term from 20 March ends 8 April (San José and Semana Santa skipped): 9 April is late.
      [granted.radicado, 11, 'tarde', false],
    ]);
    expect(info.averageBusinessDays).toBe(6.5);
    // The petition that was transferred is not an information request.
    expect(info.cases.some((c) => c.radicado === timelyTransfer.radicado)).toBe(false);
  });

  it('lists every legal type with its Spanish label, zeros included', () => {
    const byType = Object.fromEntries(report.byType.map((t) => [t.type, t]));
    // The nine of Ley 1755 and the two habeas-data types of Ley 1581 arts. 14-15.
    expect(report.byType).toHaveLength(11);
    expect(byType.habeas_data_reclamo).toMatchObject({
      label: 'Reclamo sobre datos personales (habeas data)',
      received: 0,
    });
    expect(byType.solicitud_informacion).toMatchObject({
      label: 'Solicitud de información o documentos',
      received: 3,
      answered: 2,
      onTime: 1,
      late: 1,
      pending: 0,
      averageBusinessDays: 6.5,
    });
    expect(byType.peticion).toMatchObject({ label: 'Petición', received: 1 });
    expect(byType.denuncia).toMatchObject({ label: 'Denuncia', received: 0, averageBusinessDays: null });
  });
});

describe('buildPqrsdReport: breakdowns', () => {
  const cases = [
    reportCase({ receivedAt: bogota('2026-03-02'), barrio: 'El Centro', comuna: 'Comuna 1', channel: 'whatsapp' }),
    reportCase({ receivedAt: bogota('2026-03-03'), barrio: ' El Centro ', comuna: 'Comuna 1', channel: 'whatsapp' }),
    reportCase({
      receivedAt: bogota('2026-03-04'),
      barrio: 'La Esperanza',
      corregimiento: 'San Antonio',
      dependency: null,
    }),
    reportCase({
      receivedAt: bogota('2026-03-05'),
      barrio: '',
      dependency: 'Secretaría de Hacienda',
      channel: 'telegram',
    }),
  ];
  const report = buildPqrsdReport(cases, { ...march, today: d('2026-03-06') });

  it('counts barrio, comuna and corregimiento separately; missing or blank ones as "Sin dato", listed last', () => {
    expect(report.byTerritory.barrio).toEqual([
      { key: 'El Centro', label: 'El Centro', count: 2 },
      { key: 'La Esperanza', label: 'La Esperanza', count: 1 },
      { key: 'Sin dato', label: 'Sin dato', count: 1 },
    ]);
    expect(report.byTerritory.comuna).toEqual([
      { key: 'Comuna 1', label: 'Comuna 1', count: 2 },
      { key: 'Sin dato', label: 'Sin dato', count: 2 },
    ]);
    expect(report.byTerritory.corregimiento).toEqual([
      { key: 'San Antonio', label: 'San Antonio', count: 1 },
      { key: 'Sin dato', label: 'Sin dato', count: 3 },
    ]);
  });

  it('counts by dependency ("Sin asignar" when none), channel and status with Spanish labels', () => {
    expect(report.byDependency).toEqual([
      { key: 'Secretaría de Gobierno', label: 'Secretaría de Gobierno', count: 2 },
      { key: 'Secretaría de Hacienda', label: 'Secretaría de Hacienda', count: 1 },
      { key: 'Sin asignar', label: 'Sin asignar', count: 1 },
    ]);
    expect(report.byChannel).toEqual([
      { key: 'whatsapp', label: 'WhatsApp', count: 2 },
      { key: 'telegram', label: 'Telegram', count: 1 },
      { key: 'web', label: 'Web (chat)', count: 1 },
    ]);
    expect(report.byStatus.find((s) => s.key === 'en_tramite')).toEqual({
      key: 'en_tramite',
      label: 'En trámite',
      count: 4,
    });
    expect(report.byStatus.map((s) => s.label)).toContain('Esperando al ciudadano');
  });
});

describe('buildPqrsdReport: the period is a range of Colombian calendar days', () => {
  const cases = [
    reportCase({ radicado: 'FEB-ULTIMO', receivedAt: new Date('2026-03-01T04:59:59.999Z') }),
    reportCase({ radicado: 'MAR-PRIMERO', receivedAt: new Date('2026-03-01T05:00:00.000Z') }),
    reportCase({ radicado: 'MAR-ULTIMO', receivedAt: new Date('2026-04-01T04:59:59.999Z') }),
    reportCase({ radicado: 'ABR-PRIMERO', receivedAt: new Date('2026-04-01T05:00:00.000Z') }),
  ];

  it('includes a case received at 23:59 in Bogotá on the last day, which is already the next day in UTC', () => {
    const report = buildPqrsdReport(cases, { ...march, today: d('2026-04-15') });
    expect(report.cases.map((c) => [c.radicado, c.receivedOn])).toEqual([
      ['MAR-PRIMERO', '2026-03-01'],
      ['MAR-ULTIMO', '2026-03-31'],
    ]);
    expect(report.totals.received).toBe(2);
  });

  it('a one-day period works, and the database query uses the same boundaries', () => {
    const day = buildPqrsdReport(cases, {
      from: d('2026-03-31'),
      to: d('2026-03-31'),
      today: d('2026-04-15'),
      calendar,
    });
    expect(day.cases.map((c) => c.radicado)).toEqual(['MAR-ULTIMO']);
    expect(bogotaStartOfDay(d('2026-03-01')).toISOString()).toBe('2026-03-01T05:00:00.000Z');
  });

  it('refuses a period that ends before it starts, in Spanish', () => {
    expect(() =>
      buildPqrsdReport(cases, { from: d('2026-04-01'), to: d('2026-03-01'), today: d('2026-04-15'), calendar }),
    ).toThrow(/posterior a la fecha final/);
  });
});

describe('report formats', () => {
  const cases = [
    reportCase({
      radicado: 'PQRSD-2026-000101',
      receivedAt: bogota('2026-03-27'),
      answeredAt: bogota('2026-04-21'),
      dependency: '=HYPERLINK("http://example.com","clic")',
    }),
    reportCase({
      radicado: 'PQRSD-2026-000102',
      type: 'solicitud_informacion',
      status: 'trasladado',
      receivedAt: bogota('2026-03-16'),
      transfer: { transferredOn: d('2026-03-26'), recipient: '-Gobernación, Antioquia', late: true },
    }),
    reportCase({
      radicado: 'PQRSD-2026-000103',
      type: 'solicitud_informacion',
      receivedAt: bogota('2026-03-20'),
      answeredAt: bogota('2026-03-25'),
      informationDenied: true,
      dependency: '@Secretaría +1',
    }),
  ];
  const report = buildPqrsdReport(cases, { ...march, today: d('2026-04-30'), entityName: 'Alcaldía de Prueba' });

  it('CSV: Spanish header, one row per case, quoted where needed, formulas neutralised', () => {
    const parsed = parseCsv(reportToCsv(report), ',');
    if (!parsed.ok) expect.fail(parsed.error);
    const [header, ...rows] = parsed.records.map((r) => r.cells);
    expect(header).toEqual([...CASE_CSV_HEADER]);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toHaveLength(CASE_CSV_HEADER.length);
    const col = (name: (typeof CASE_CSV_HEADER)[number]) => CASE_CSV_HEADER.indexOf(name);

    const [informationTransferred, information, petition] = rows;
    expect(petition?.[col('Radicado')]).toBe('PQRSD-2026-000101');
    expect(petition?.[col('Tipo')]).toBe('Petición');
    expect(petition?.[col('Días hábiles para responder')]).toBe('15');
    expect(petition?.[col('Resultado')]).toBe('A tiempo');
    expect(petition?.[col('Dependencia')]).toBe(`'=HYPERLINK("http://example.com","clic")`);
    expect(informationTransferred?.[col('Entidad a la que se trasladó')]).toBe("'-Gobernación, Antioquia");
    expect(informationTransferred?.[col('Traslado fuera de término')]).toBe('Sí');
    expect(informationTransferred?.[col('Fecha de respuesta')]).toBe('');
    expect(information?.[col('Información negada')]).toBe('Sí');
    expect(information?.[col('Dependencia')]).toBe("'@Secretaría +1");
    // No cell a spreadsheet would evaluate.
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });

  it('text: a Spanish summary with the totals, timeliness and the information-request items', () => {
    const text = reportToText(report);
    expect(text).toContain('Informe de PQRSD: Alcaldía de Prueba');
    expect(text).toContain('del domingo 1 de marzo de 2026 al martes 31 de marzo de 2026');
    expect(text).toContain('Solicitudes recibidas: 3');
    expect(text).toContain('Porcentaje a tiempo: 100 % de las respondidas o vencidas.');
    expect(text).toContain('Traslados por competencia (Ley 1755 de 2015, art. 21): 1; 1 después de los 5 días hábiles');
    expect(text).toMatch(/Recibidas: 2\n\s+Trasladadas a otra entidad: 1\n\s+Con acceso negado: 1/);
    expect(text).toMatch(/PQRSD-2026-000103\s+2026-03-20\s+2026-04-08\s+2026-03-25\s+2\s+A tiempo, acceso negado/);
    expect(text).toMatch(/Solicitud de información o documentos\s+2\s+1\s+1\s+0\s+0\s+2/);
  });

  it('text: says plainly when nothing was filed', () => {
    const empty = buildPqrsdReport([], { ...march, today: d('2026-04-30') });
    expect(reportToText(empty)).toContain('No se radicaron solicitudes en este periodo.');
    expect(empty.timeliness.onTimeShare).toBeNull();
    expect(reportToCsv(empty).split('\r\n').filter(Boolean)).toHaveLength(1);
  });
});
