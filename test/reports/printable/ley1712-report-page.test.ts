import { describe, expect, it } from 'vitest';
import { localDate } from '../../../src/cases/local-date.js';
import { buildPqrsdReport } from '../../../src/cases/report/pqrsd-report.js';
import { renderTransparencyReport } from '../../../src/reports/printable/ley1712-report-page.js';
import { elementById, rowOf, tableRows, textOf } from './html-text.js';
import { ENTITY_NAME, GENERATED_AT, PLANTED, calendar, fixtureCases, fixtureReport } from './report-fixture.js';

const page = renderTransparencyReport(fixtureReport(), { entityName: ENTITY_NAME, generatedAt: GENERATED_AT });
const text = textOf(page);

describe('renderTransparencyReport (Ley 1712 de 2014 art. 11 h)', () => {
  it('is one self-contained Spanish page that prints on letter paper, with nothing to load or run', () => {
    expect(page.startsWith('<!doctype html>')).toBe(true);
    expect(page).toContain('<html lang="es-CO">');
    expect(page).toMatch(/@page\s*\{[^}]*size: letter;/);
    expect(page).toContain('@media print');
    expect(page).toMatch(/thead \{ display: table-header-group; \}/);
    expect(page).toMatch(/tr, li, [^{]*\{ break-inside: avoid;/);
    expect(page).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
    expect(page).toMatch(/http-equiv="Content-Security-Policy"\s+content="default-src 'none'/);
  });

  it('shows the entity, the period, the cut date and when it was made, with dates written out in Spanish', () => {
    expect(text).toContain(`${ENTITY_NAME} Informe de solicitudes de acceso a la información y PQRSD`);
    expect(text).toContain('Periodo Del 1 de enero de 2026 al 30 de junio de 2026');
    expect(text).toContain('Fecha de corte 10 de julio de 2026');
    expect(text).toContain('Elaborado el 10 de julio de 2026 a las 09:30 (hora de Colombia)');
    expect(text).toContain('Ley 1712 de 2014, artículo 11, literal h; Decreto 1081 de 2015, artículo 2.1.1.6.2');
  });

  it('counts requests by type with their response times and legal terms, zeros included', () => {
    const id = 'por-tipo';
    // Recibidas, respondidas, a tiempo, tarde, en trámite, promedio de días hábiles, término legal.
    expect(rowOf(page, id, 'Petición')).toEqual(['Petición', '3', '3', '2', '1', '0', '14,7', '15']); // (9+17+18)/3
    expect(rowOf(page, id, 'Queja')).toEqual(['Queja', '3', '2', '1', '1', '0', '16', '15']); // (18+14)/2
    expect(rowOf(page, id, 'Reclamo')).toEqual(['Reclamo', '2', '0', '0', '1', '0', '—', '15']);
    expect(rowOf(page, id, 'Sugerencia')).toEqual(['Sugerencia', '1', '0', '0', '0', '1', '—', '15']);
    expect(rowOf(page, id, 'Denuncia')).toEqual(['Denuncia', '0', '0', '0', '0', '0', '—', '15']);
    expect(rowOf(page, id, 'Solicitud de información o documentos')).toEqual([
      'Solicitud de información o documentos',
      '3',
      '2',
      '1',
      '1',
      '0',
      '8',
      '10', // (5+11)/2
    ]);
    expect(rowOf(page, id, 'Consulta')).toEqual(['Consulta', '1', '1', '1', '0', '0', '24', '30']);
    // (9+17+18+14+5+11+18+24)/8 = 14,5.
    expect(rowOf(page, id, 'Total')).toEqual(['Total', '13', '8', '5', '4', '1', '14,5', '']);
    expect(rowOf(page, 'por-oportunidad', 'Trasladada por competencia')).toEqual([
      'Trasladada por competencia',
      '2',
      '15,4 %',
    ]);
    expect(rowOf(page, 'por-canal', 'Web (chat)')).toEqual(['Web (chat)', '6', '46,2 %']);
  });

  it('gives the four items of Decreto 1081 art. 2.1.1.6.2 and the response time of each information request', () => {
    expect(textOf(elementById(page, 'informacion-cifras'))).toBe(
      '3 recibidas 1 trasladadas a otra entidad 1 con acceso negado 2 respondidas 8 días hábiles en promedio',
    );
    expect(tableRows(page, 'informacion-por-radicado')).toEqual([
      [
        'Radicado',
        'Recibida',
        'Vence',
        'Respondida',
        'Tiempo de respuesta (días hábiles)',
        'Resultado',
        'Acceso negado',
      ],
      [
        'PQRSD-2026-000007',
        '2 de febrero de 2026',
        '16 de febrero de 2026',
        '9 de febrero de 2026',
        '5',
        'A tiempo',
        'Sí',
      ],
      [
        'PQRSD-2026-000008',
        '2 de febrero de 2026',
        '16 de febrero de 2026',
        '17 de febrero de 2026',
        '11',
        'Tarde',
        'No',
      ],
      [
        'PQRSD-2026-000009',
        '2 de febrero de 2026',
        '16 de febrero de 2026',
        'Sin respuesta',
        '—',
        'Trasladada por competencia',
        'No',
      ],
    ]);
  });

  it('writes a plain-Spanish analysis that matches the tables', () => {
    const analysis = textOf(elementById(page, 'analisis'));
    expect(analysis).toContain(
      'Entre el 1 de enero de 2026 y el 30 de junio de 2026 se recibieron 13 solicitudes: 3 peticiones, 3 quejas, 2 reclamos, 1 sugerencia, 3 solicitudes de información o documentos y 1 consulta.',
    );
    expect(analysis).toContain(
      'Se respondieron a tiempo 5 de las 9 solicitudes que ya se respondieron o cuyo plazo venció (55,6 %). De las 4 tardías, 3 se respondieron después del vencimiento y 1 sigue sin respuesta con el plazo vencido.',
    );
    expect(analysis).toContain(
      'En promedio, cada respuesta tomó 14,5 días hábiles; la mitad de las respuestas se dio en 15,5 días hábiles o menos.',
    );
    expect(analysis).toContain(
      '1 solicitud sigue en trámite dentro del plazo a la fecha de corte (10 de julio de 2026).',
    );
    expect(analysis).toContain(
      'De las 3 solicitudes de acceso a la información pública, 2 se respondieron, 1 se trasladó a otra entidad y en 1 se negó el acceso a la información.',
    );
    expect(textOf(elementById(page, 'nota'))).toContain('no contiene datos personales');
  });

  it('leaves out cases received outside the period and never shows requester data', () => {
    expect(page).not.toContain('PQRSD-2025-000999');
    expect(page).not.toContain('PQRSD-2026-000777');
    for (const value of Object.values(PLANTED)) expect(page).not.toContain(value);
    expect(page).not.toContain('Rosalba');
  });

  it('escapes every value that comes from data: an entity name or a dependency cannot inject markup', () => {
    const hostile = '<script>alert("x")</script> & Cía';
    const cases = [{ ...fixtureCases[1]!, type: '<b>tipo</b>', dependency: '<img src=x onerror=alert(1)>' }];
    const report = buildPqrsdReport(cases, {
      from: localDate('2026-01-01'),
      to: localDate('2026-06-30'),
      today: localDate('2026-07-10'),
      calendar,
    });
    const html = renderTransparencyReport(report, { entityName: hostile, generatedAt: GENERATED_AT });
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cía');
    expect(rowOf(html, 'por-tipo', '<b>tipo</b>')[1]).toBe('1');
  });

  it('says plainly when nothing was received', () => {
    const empty = buildPqrsdReport([], {
      from: localDate('2026-01-01'),
      to: localDate('2026-06-30'),
      today: localDate('2026-07-10'),
      calendar,
    });
    const html = textOf(renderTransparencyReport(empty, { entityName: ENTITY_NAME, generatedAt: GENERATED_AT }));
    expect(html).toContain('Entre el 1 de enero de 2026 y el 30 de junio de 2026 no se recibieron solicitudes.');
    expect(html).toContain(
      'Tiempo de respuesta de cada solicitud de información: no se recibieron solicitudes de información en este periodo.',
    );
    expect(html).toContain('— respondidas a tiempo ninguna respondida ni vencida');
  });
});
