import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseService } from '../../src/cases/service/case-service.js';
import type { FileCaseInput } from '../../src/cases/service/file-case-input.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { ReportService } from '../../src/reports/report-service.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import type { StaffRole } from '../../src/staff/staff-roles.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

/** 10:00 in Colombia on the given day. */
const on = (date: string) => new Date(`${date}T15:00:00.000Z`);
const temas = ['Salud', 'Vías y movilidad', 'Impuestos y pagos'];

// Ley 1474 de 2011 art. 76: what Control Interno's semester report adds to the counts, through the officials' API.
describe.each(testProviders)('art. 76 report additions on %s', (provider) => {
  let database: Database;
  let closeDatabase: () => Promise<void>;
  let app: FastifyInstance;
  let service: CaseService;
  const clock = { now: on('2026-03-27') };
  const tokens = {} as Record<'gestor' | 'control' | 'supervisor', string>;

  beforeEach(async () => {
    clock.now = on('2026-03-27');
    const opened = await openMigratedDatabase(provider);
    database = opened.database;
    closeDatabase = opened.close;
    const prisma = database.prisma;
    const settings = { pqrsd: { temas } };
    const entity = await prisma.entity.create({ data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings } });
    const logger = pino({ level: 'silent' });
    service = new CaseService({
      prisma,
      entityId: entity.id,
      settings: parsePqrsdSettings(settings),
      logger,
      now: () => clock.now,
    });
    const directory = new StaffDirectory(prisma, entity.id);
    const add = async (name: string, email: string, roles: StaffRole[]) =>
      (await directory.add({ name, email, roles }, [])).token;
    tokens.gestor = await add('Gloria Gestora', 'gestora@prueba.gov.co', ['gestor']);
    tokens.control = await add('Carmen Control', 'control@prueba.gov.co', ['control_interno']);
    tokens.supervisor = await add('Sergio Supervisor', 'sergio@prueba.gov.co', ['supervisor']);
    const reports = new ReportService({
      prisma,
      entityId: entity.id,
      entityName: 'Alcaldía de Prueba',
      calendar: service.settings.calendar,
      cases: service,
      surveys: () => null,
      areaName: (id) => id,
      now: () => clock.now,
    });
    app = await buildApp({
      config: loadConfig({ DATABASE_URL: opened.url }),
      database,
      logger,
      services: { cases: service, staff: directory, reports },
    });
  });

  afterEach(async () => {
    await app.close();
    await closeDatabase();
  });

  function call(token: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
    const options: InjectOptions = { method, url, headers: { authorization: `Bearer ${token}` } };
    if (payload !== undefined) options.payload = payload as InjectOptions['payload'];
    return app.inject(options);
  }
  const errorOf = (res: LightMyRequestResponse) => (res.json() as { error: { code: string; message: string } }).error;

  async function file(type: FileCaseInput['type'], description = 'La vía de la vereda El Salitre está destruida.') {
    return service.file(
      { type, description, requester: { name: 'Ana Ciudadana Ruiz' } },
      { channel: 'presencial', staff: { id: 'x', name: 'Ventanilla' } },
    );
  }

  it('Ley 1474 art. 76: an official gives a case one of the entity subjects, and the report counts the recurring subjects, unclassified ones included', async () => {
    const [a, b, c] = [await file('peticion'), await file('reclamo'), await file('peticion')];
    const offered = (await call(tokens.gestor, 'GET', `/api/v1/cases/${a.radicado}`)).json();
    expect(offered.topic).toBeNull();
    expect(offered.allowedActions).toContain('set-topic');

    // Typed in lower case, stored as the entity wrote it, so the report never counts "salud" apart from "Salud".
    const set = await call(tokens.gestor, 'POST', `/api/v1/cases/${a.radicado}/set-topic`, { topic: 'salud' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ topic: 'Salud', status: 'radicado' });
    expect(set.json().history.at(-1)).toMatchObject({
      kind: 'topic_set',
      actor: 'Gloria Gestora',
      data: { topic: 'Salud', previous: null },
    });
    await call(tokens.gestor, 'POST', `/api/v1/cases/${b.radicado}/set-topic`, { topic: 'Vías y movilidad' });
    await call(tokens.gestor, 'POST', `/api/v1/cases/${c.radicado}/set-topic`, { topic: 'Salud' });
    // A correction: the case moves to another subject; null clears it back to "sin clasificar".
    await call(tokens.gestor, 'POST', `/api/v1/cases/${c.radicado}/set-topic`, { topic: 'Impuestos y pagos' });
    const cleared = await call(tokens.gestor, 'POST', `/api/v1/cases/${c.radicado}/set-topic`, { topic: null });
    expect(cleared.json().topic).toBeNull();

    const unknown = await call(tokens.gestor, 'POST', `/api/v1/cases/${a.radicado}/set-topic`, { topic: 'Deportes' });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown)).toEqual({
      code: 'INPUT_NOT_VALID',
      message: 'El tema «Deportes» no existe. Use uno de estos: Salud, Vías y movilidad, Impuestos y pagos.',
    });
    // Control Interno evaluates; it does not handle cases.
    const control = await call(tokens.control, 'POST', `/api/v1/cases/${a.radicado}/set-topic`, { topic: 'Salud' });
    expect(control.statusCode).toBe(403);

    const report = (await call(tokens.supervisor, 'GET', '/api/v1/reports/pqrsd?from=2026-01-01&to=2026-06-30')).json();
    expect(report.article76.byTopic).toEqual([
      { key: 'Salud', label: 'Salud', count: 1 },
      { key: 'Vías y movilidad', label: 'Vías y movilidad', count: 1 },
      { key: 'Sin clasificar', label: 'Sin clasificar', count: 1 },
    ]);
    const page = (await call(tokens.control, 'GET', '/api/v1/reports/ley-1474?semestre=2026-1')).body;
    expect(page).toMatch(/Temas recurrentes[\s\S]*Salud[\s\S]*Vías y movilidad[\s\S]*Sin clasificar/);
  });

  it('Ley 1474 art. 76: quejas and denuncias are referred to a disciplinary or control body, never other types, and the report lists them', async () => {
    const queja = await file('queja', 'El funcionario de la ventanilla me trató mal.');
    const peticion = await file('peticion');
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${queja.radicado}`)).json().allowedActions).toContain(
      'refer-to-control-body',
    );
    expect(
      (await call(tokens.gestor, 'GET', `/api/v1/cases/${peticion.radicado}`)).json().allowedActions,
    ).not.toContain('refer-to-control-body');

    const noBody = await call(tokens.gestor, 'POST', `/api/v1/cases/${queja.radicado}/refer-to-control-body`, {
      body: '  ',
    });
    expect(noBody.statusCode).toBe(422);
    expect(errorOf(noBody).code).toBe('REFERRAL_BODY_REQUIRED');

    const wrongType = await call(tokens.gestor, 'POST', `/api/v1/cases/${peticion.radicado}/refer-to-control-body`, {
      body: 'Personería Municipal',
    });
    expect(wrongType.statusCode).toBe(422);
    expect(errorOf(wrongType)).toEqual({
      code: 'CASE_STATE',
      message: 'Ese paso solo procede en casos de tipo queja o denuncia.',
    });

    clock.now = on('2026-04-06');
    const referred = await call(tokens.gestor, 'POST', `/api/v1/cases/${queja.radicado}/refer-to-control-body`, {
      body: 'Personería Municipal',
    });
    expect(referred.statusCode).toBe(200);
    // The entity still owes the citizen an answer: the legal state does not change.
    expect(referred.json()).toMatchObject({
      status: 'radicado',
      referral: { body: 'Personería Municipal', at: on('2026-04-06').toISOString() },
    });

    // Once closed, the referral is no longer a step of the case.
    await call(tokens.gestor, 'POST', `/api/v1/cases/${queja.radicado}/answer`, { text: 'Le respondemos.' });
    await call(tokens.gestor, 'POST', `/api/v1/cases/${queja.radicado}/close`, {});
    const late = await call(tokens.gestor, 'POST', `/api/v1/cases/${queja.radicado}/refer-to-control-body`, {
      body: 'Procuraduría Provincial',
    });
    expect(late.statusCode).toBe(422);

    const report = (await call(tokens.supervisor, 'GET', '/api/v1/reports/pqrsd?from=2026-01-01&to=2026-06-30')).json();
    expect(report.article76.referrals).toEqual({
      count: 1,
      byBody: [{ key: 'Personería Municipal', label: 'Personería Municipal', count: 1 }],
      cases: [
        {
          radicado: queja.radicado,
          type: 'queja',
          typeLabel: 'Queja',
          body: 'Personería Municipal',
          referredOn: '2026-04-06',
        },
      ],
    });
    const page = (await call(tokens.control, 'GET', '/api/v1/reports/ley-1474?semestre=2026-1')).body;
    expect(page).toContain('Quejas y denuncias remitidas a organismos disciplinarios o de control:');
    expect(page).toMatch(new RegExp(`${queja.radicado}[\\s\\S]*Queja[\\s\\S]*Personería Municipal`));
  });

  it('Ley 1474 art. 76: Control Interno records recommendations per semester and the next semester report follows them up with their status', async () => {
    const post = (token: string, body: unknown) => call(token, 'POST', '/api/v1/recommendations', body);
    const first = await post(tokens.control, { period: '2025-2', text: 'Publicar el enlace de PQRSD en la portada.' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ period: '2025-2', status: 'pendiente', createdBy: 'Carmen Control' });
    await post(tokens.control, { period: '2025-2', text: 'Capacitar a la Secretaría de Hacienda en términos.' });
    await post(tokens.control, { period: '2025-1', text: 'Recomendación antigua ya cumplida.' });
    await post(tokens.control, { period: '2026-1', text: 'Recomendación de este semestre.' });

    // Only Control Interno writes them; the period is a semester.
    expect((await post(tokens.gestor, { period: '2025-2', text: 'Otra' })).statusCode).toBe(403);
    const badPeriod = await post(tokens.control, { period: '2025-3', text: 'Otra' });
    expect(badPeriod.statusCode).toBe(400);
    expect(JSON.stringify(badPeriod.json())).toContain('Escriba el semestre como año y número');

    const done = await call(tokens.control, 'PATCH', `/api/v1/recommendations/${first.json().id}`, {
      status: 'cumplida',
    });
    expect(done.json()).toMatchObject({ status: 'cumplida', statusLabel: 'Cumplida', updatedBy: 'Carmen Control' });
    const old = (await call(tokens.supervisor, 'GET', '/api/v1/recommendations?period=2025-1')).json().items;
    await call(tokens.control, 'PATCH', `/api/v1/recommendations/${old[0].id}`, { status: 'cumplida' });
    const badStatus = await call(tokens.control, 'PATCH', `/api/v1/recommendations/${old[0].id}`, { status: 'lista' });
    expect(badStatus.statusCode).toBe(400);

    const page = (await call(tokens.control, 'GET', '/api/v1/reports/ley-1474?semestre=2026-1')).body;
    const followUp = page.slice(page.indexOf('Seguimiento de recomendaciones anteriores'));
    expect(followUp).toMatch(/Publicar el enlace de PQRSD en la portada\.[\s\S]*Cumplida/);
    expect(followUp).toMatch(/Capacitar a la Secretaría de Hacienda en términos\.[\s\S]*Pendiente/);
    // Older ones already carried out, and this semester's own, are not followed up here.
    expect(followUp).not.toContain('Recomendación antigua ya cumplida.');
    expect(followUp).not.toContain('Recomendación de este semestre.');
  });
});
