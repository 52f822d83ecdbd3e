import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleApp, type ConsoleApp, type SignedInClient } from '../console/console-app.js';

/**
 * Dates outside 2000-01-01..2100-12-31 are refused at the door with 400 VALIDATION_FAILED and a Spanish message:
 * year 9999 used to reach the calendar arithmetic and answer 500.
 */
describe('dates out of range on the reports and case API', () => {
  let c: ConsoleApp;
  let supervisor: SignedInClient;

  beforeAll(async () => {
    c = await startConsoleApp('sqlite');
    await c.addStaff('sofia@alcaldia.gov.co', ['supervisor'], { name: 'Sofía Supervisora' });
    supervisor = await c.signIn('sofia@alcaldia.gov.co');
  }, 60_000);
  afterAll(async () => c?.close());

  const expectRangeRefusal = (response: { statusCode: number; json: <T>() => T }) => {
    expect(response.statusCode).toBe(400);
    const body = response.json<{ error: { code: string; message: string; details: { message: string }[] } }>();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details.map((d) => d.message).join(' ')).toMatch(/fuera del rango permitido/);
  };

  it.each([
    '/api/v1/reports/service?from=2026-01-01&to=9999-12-31',
    '/api/v1/reports/satisfaction?from=1899-01-01&to=2026-01-31',
    '/api/v1/reports/dashboard?from=2026-01-01&to=9999-12-31',
    '/api/v1/reports/comments?from=2026-01-01&to=9999-12-31&q=fila',
    '/api/v1/reports/csv/atencion?from=2026-01-01&to=9999-12-31',
    '/api/v1/reports/ley-1712?from=2026-01-01&to=9999-12-31',
    '/api/v1/reports/ley-1474?semestre=9999-2',
    '/api/v1/reports/pqrsd?from=2026-01-01&to=9999-12-31',
    '/api/v1/cases?from=0001-01-01',
  ])('GET %s answers 400 with a Spanish message, not 500', async (url) => {
    expectRangeRefusal(await c.call(supervisor, 'GET', url));
  });

  it('refuses an extension to year 9999 with 400 before touching the case', async () => {
    const response = await c.call(supervisor, 'POST', '/api/v1/cases/NO-EXISTE/extend', {
      newDueDate: '9999-12-31',
      reasons: 'Prueba',
    });
    expectRangeRefusal(response);
  });

  it('still serves a report inside the range', async () => {
    const response = await c.call(supervisor, 'GET', '/api/v1/reports/service?from=2026-01-01&to=2026-01-31');
    expect(response.statusCode).toBe(200);
  });
});
