import { describe, expect, it } from 'vitest';
import { localDate } from '../../../src/cases/local-date.js';
import { buildPqrsdReport } from '../../../src/cases/report/pqrsd-report.js';
import { renderSemesterReport } from '../../../src/reports/printable/ley1474-report-page.js';
import { elementById, rowOf, tableRows, textOf } from './html-text.js';
import {
  ENTITY_NAME,
  GENERATED_AT,
  PLANTED,
  SEMESTER,
  calendar,
  fixtureCases,
  fixtureReport,
  fixtureSatisfaction,
} from './report-fixture.js';

const input = {
  report: fixtureReport(),
  satisfaction: fixtureSatisfaction,
  semester: SEMESTER,
  entityName: ENTITY_NAME,
  generatedAt: GENERATED_AT,
};
const page = renderSemesterReport(input);
const text = textOf(page);
const section = (id: string) => textOf(elementById(page, id));

describe('renderSemesterReport (Ley 1474 de 2011 art. 76)', () => {
  it('is a self-contained Spanish page for letter paper, headed by the semester and its dates', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="es-CO">');
    expect(page).toMatch(/@page\s*\{[^}]*size: letter;/);
    expect(page).not.toMatch(/<script|<link|<img|\ssrc=|\shref=|url\(/i);
    expect(text).toContain(`${ENTITY_NAME} Informe semestral de PQRSD: Primer semestre de 2026`);
    expect(text).toContain('Periodo Del 1 de enero de 2026 al 30 de junio de 2026 Fecha de corte 10 de julio de 2026');
    expect(text).toContain('Presenta Oficina de Control Interno');
    expect(text).not.toContain('Informe parcial');
  });

  it('counts what was received by type, channel, dependency and territory', () => {
    expect(rowOf(page, 'por-tipo', 'Total')).toEqual(['Total', '13', '8', '5', '4', '1', '14,5', '']);
    expect(tableRows(page, 'por-dependencia').slice(1)).toEqual([
      ['Secretaría de Gobierno', '5', '38,5 %'],
      ['Secretaría de Planeación', '4', '30,8 %'],
      ['Secretaría de Hacienda', '3', '23,1 %'],
      ['Sin asignar', '1', '7,7 %'],
    ]);
    expect(tableRows(page, 'por-canal').slice(1)).toEqual([
      ['Web (chat)', '6', '46,2 %'],
      ['WhatsApp', '5', '38,5 %'],
      ['Telegram', '2', '15,4 %'],
    ]);
    expect(rowOf(page, 'por-barrio', 'El Centro')).toEqual(['El Centro', '2', '15,4 %']);
    expect(rowOf(page, 'por-comuna', 'Comuna 2')).toEqual(['Comuna 2', '1', '7,7 %']);
    expect(rowOf(page, 'por-corregimiento', 'San Antonio')).toEqual(['San Antonio', '1', '7,7 %']);
  });

  it('shows timeliness per dependency, the one with most late answers first', () => {
    // Recibidas, a tiempo, tarde, en trámite, promedio de días hábiles.
    expect(tableRows(page, 'oportunidad-por-dependencia').slice(1)).toEqual([
      ['Secretaría de Hacienda', '3', '0', '3', '0', '17,5'], // (17+18)/2; the reclamo is unanswered
      ['Secretaría de Planeación', '4', '2', '1', '0', '13,3'], // (5+11+24)/3
      ['Secretaría de Gobierno', '5', '2', '0', '1', '11,5'], // (9+14)/2
      ['Sin asignar', '1', '1', '0', '0', '18'],
    ]);
  });

  it('reports extensions, transfers, denied information, and the cases open and overdue at the cut date', () => {
    expect(section('tramite-cifras')).toBe(
      'Solicitudes con prórroga 1 Traslados por competencia 2: 1 a tiempo y 1 después de los 5 días hábiles (Ley 1755 de 2015, art. 21) Solicitudes con información negada 1 Solicitudes de acceso a la información 3 recibidas, 1 trasladadas a otra entidad, 1 con acceso negado',
    );
    expect(section('seccion-abiertas')).toContain(
      'A 10 de julio de 2026 siguen abiertas 2 solicitudes del periodo; 1 tiene el plazo vencido.',
    );
    expect(tableRows(page, 'abiertas-vencidas').slice(1)).toEqual([
      ['PQRSD-2026-000005', 'Reclamo', 'Secretaría de Hacienda', '2 de febrero de 2026', '23 de febrero de 2026'],
    ]);
  });

  it('lists automatic findings drawn from the figures', () => {
    const findings = [...elementById(page, 'hallazgos').matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) =>
      textOf(m[1] ?? ''),
    );
    expect(findings).toEqual([
      'Se respondieron a tiempo 5 de las 9 solicitudes que ya se respondieron o cuyo plazo venció (55,6 %). De las 4 tardías, 3 se respondieron después del vencimiento y 1 sigue sin respuesta con el plazo vencido.',
      'La dependencia con más respuestas tardías fue Secretaría de Hacienda: 3 de las 4 tardías.',
      // Only quejas average more than their legal term (16 > 15); peticiones average 14,7 and consultas 24 of 30.
      'Las quejas tardaron en promedio 16 días hábiles en responderse, más que el término legal de 15.',
      '1 solicitud sigue sin respuesta con el plazo vencido a la fecha de corte (ver «Solicitudes abiertas a la fecha de corte»).',
      '1 de los 2 traslados por competencia se hizo después de los 5 días hábiles que da la Ley 1755 de 2015 (art. 21).',
      'Se negó el acceso a la información en 1 solicitud.',
      '1 solicitud no tiene dependencia asignada.',
      'El 75 % de las respuestas a la pregunta de satisfacción fueron 4 o 5 (9 de 12); respondió la encuesta el 60 % de las personas a quienes se envió.',
    ]);
  });

  it('summarises satisfaction when given, without the free comments, and says so when it is not', () => {
    expect(section('satisfaccion-cifras')).toBe(
      '75 % satisfechos 9 de 12 respuestas 3,9 calificación promedio (1 a 5) 60 % tasa de respuesta 12 de 20 encuestas enviadas',
    );
    expect(rowOf(page, 'satisfaccion-por-canal', 'WhatsApp')).toEqual(['WhatsApp', '12', '6', '66,7 %']);
    expect(page).not.toContain('Me atendió muy bien');

    const without = textOf(renderSemesterReport({ ...input, satisfaction: undefined }));
    expect(without).toContain('Este informe no incluye la medición de satisfacción.');
    expect(without).not.toContain('pregunta de satisfacción fueron');
  });

  it('leaves blank ruled space for Control Interno and signature lines', () => {
    const observations = elementById(page, 'observaciones');
    expect(textOf(observations)).toBe('Observaciones y recomendaciones de Control Interno');
    expect(observations.match(/<div class="line"><\/div>/g)).toHaveLength(12);
    expect(section('firmas')).toContain('Elaboró: Jefe de la Oficina de Control Interno Nombre:');
    expect(section('firmas')).toContain('Recibió: Representante legal de la entidad Nombre:');
  });

  it('never shows requester data or cases from outside the semester', () => {
    for (const value of Object.values(PLANTED)) expect(page).not.toContain(value);
    expect(page).not.toContain('Rosalba');
    expect(page).not.toContain('PQRSD-2025-000999');
    expect(page).not.toContain('PQRSD-2026-000777');
  });

  it('escapes the entity name and dependencies', () => {
    const hostile = [{ ...fixtureCases[5]!, dependency: '<img src=x onerror=alert(1)>' }];
    const report = buildPqrsdReport(hostile, {
      from: localDate('2026-01-01'),
      to: localDate('2026-06-30'),
      today: localDate('2026-07-10'),
      calendar,
    });
    const html = renderSemesterReport({ ...input, report, entityName: '<script>alert(1)</script>' });
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rowOf(html, 'abiertas-vencidas', 'PQRSD-2026-000005')[2]).toBe('<img src=x onerror=alert(1)>');
  });

  it('refuses a report outside the semester and marks one that covers only part of it', () => {
    expect(() => renderSemesterReport({ ...input, semester: { year: 2026, half: 2 } })).toThrow(
      'El informe va del 1 de enero de 2026 al 30 de junio de 2026, fuera del segundo semestre de 2026 (1 de julio de 2026 al 31 de diciembre de 2026).',
    );
    const partial = buildPqrsdReport(fixtureCases, {
      from: localDate('2026-01-01'),
      to: localDate('2026-03-31'),
      today: localDate('2026-04-01'),
      calendar,
    });
    const html = textOf(renderSemesterReport({ ...input, report: partial }));
    expect(html).toContain(
      'Del 1 de enero de 2026 al 30 de junio de 2026. Informe parcial: incluye las solicitudes radicadas del 1 de enero de 2026 al 31 de marzo de 2026',
    );
  });

  it('heads a second-semester report with July to December', () => {
    const report = buildPqrsdReport([], {
      from: localDate('2026-07-01'),
      to: localDate('2026-12-31'),
      today: localDate('2027-01-15'),
      calendar,
    });
    const html = textOf(renderSemesterReport({ ...input, report, semester: { year: 2026, half: 2 } }));
    expect(html).toContain('Informe semestral de PQRSD: Segundo semestre de 2026');
    expect(html).toContain('Del 1 de julio de 2026 al 31 de diciembre de 2026');
    expect(html).toContain('No se recibieron solicitudes en el semestre.');
  });
});
