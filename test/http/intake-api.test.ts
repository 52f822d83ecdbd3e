import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseService } from '../../src/cases/service/case-service.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { parseOffices } from '../../src/entities/office-settings.js';
import { loadServiceReport } from '../../src/reports/load-service-report.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import { OfficeSurveys } from '../../src/surveys/office-surveys.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

const OFFICES = parseOffices({
  oficinas: [
    { id: 'ventanilla-centro', nombre: 'Ventanilla única del Centro' },
    { id: 'linea-atencion', nombre: 'Línea de atención telefónica', canal: 'telefono' },
  ],
});
const SETTINGS = { pqrsd: { politicaDatos: { version: '2026-01', url: 'https://prueba.gov.co/datos' } } };
/** A Friday, 10:00 in Colombia: a petition's 15 business days end on Tuesday 21 April (Holy Week, 2-3 April). */
const NOW = new Date('2026-03-27T15:00:00.000Z');

const walkIn = {
  office: 'ventanilla-centro',
  channel: 'presencial',
  modality: 'escrita',
  dataNotice: 'aceptado',
  petition: {
    type: 'peticion',
    requester: {
      name: 'Ana Ciudadana Ruiz',
      document: { type: 'CC', number: '1.020.304.050' },
      email: 'Ana.Ciudadana@Example.COM',
      phone: '300 123 4567',
    },
    description: 'Solicito el arreglo del alumbrado público de la calle 8 con carrera 3.',
    replyChannel: 'correo',
  },
};

describe.each(testProviders)('counter and phone intake API on %s', (provider) => {
  let database: Database;
  let close: () => Promise<void>;
  let app: FastifyInstance;
  let entityId: string;
  const tokens = {} as Record<'gestor' | 'agente' | 'supervisor', string>;

  beforeEach(async () => {
    const opened = await openMigratedDatabase(provider);
    database = opened.database;
    close = opened.close;
    const prisma = database.prisma;
    entityId = (
      await prisma.entity.create({ data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings: SETTINGS } })
    ).id;
    const logger = pino({ level: 'silent' });
    const cases = new CaseService({
      prisma,
      entityId,
      settings: parsePqrsdSettings(SETTINGS),
      logger,
      now: () => NOW,
      notifier: { notify: async () => {} },
      timers: undefined,
    });
    const directory = new StaffDirectory(prisma, entityId);
    tokens.gestor = (
      await directory.add({ name: 'Gloria Gestora', email: 'gloria@prueba.gov.co', roles: ['gestor'] }, [])
    ).token;
    tokens.supervisor = (
      await directory.add({ name: 'Sara Supervisora', email: 'sara@prueba.gov.co', roles: ['supervisor'] }, [])
    ).token;
    tokens.agente = (
      await directory.add({ name: 'Andrés Agente', email: 'andres@prueba.gov.co', roles: ['agente'] }, [])
    ).token;
    app = await buildApp({
      config: loadConfig({ DATABASE_URL: opened.url }),
      database,
      logger,
      services: { cases, staff: directory },
      offices: {
        surveyPages: {
          entityName: 'Alcaldía de Prueba',
          offices: OFFICES,
          surveys: new OfficeSurveys({ prisma, entityId, logger, file: () => null }),
          texts: () => null,
        },
        staff: {
          entityName: 'Alcaldía de Prueba',
          offices: OFFICES,
          intake: {
            prisma,
            entityId,
            cases,
            now: () => NOW,
            contact: {
              name: 'Alcaldía de Prueba',
              telefono: '(601) 555 0100',
              direccion: 'Carrera 5 n.º 10-20',
              chatUrl: 'https://atencion.prueba.gov.co',
            },
          },
        },
      },
    });
  });

  afterEach(async () => {
    await app.close();
    await close();
  });

  const post = (who: keyof typeof tokens, url: string, payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url,
      payload: payload as object,
      headers: { authorization: `Bearer ${tokens[who]}`, ...headers },
    });

  it('gives the form its offices, types and the data notice to show', async () => {
    const res = await app.inject({ url: '/api/v1/intake/form', headers: { authorization: `Bearer ${tokens.gestor}` } });
    expect(res.statusCode).toBe(200);
    const form = res.json();
    expect(form.canFile).toBe(true);
    expect(form.offices).toEqual([
      { id: 'ventanilla-centro', name: 'Ventanilla única del Centro', channel: 'presencial' },
      { id: 'linea-atencion', name: 'Línea de atención telefónica', channel: 'telefono' },
    ]);
    expect(form.dataNotice.policyVersion).toBe('2026-01');
    expect(form.dataNotice.text).toContain(
      'Alcaldía de Prueba usará su nombre, documento y datos de contacto solo para radicar',
    );
    expect(form.dataNotice.text).toContain('Política de tratamiento de datos: https://prueba.gov.co/datos');
    expect(form.caseTypes[0]).toMatchObject({ id: 'peticion', label: 'Petición' });
    expect((await app.inject({ url: '/api/v1/intake/form' })).statusCode).toBe(401);
  });

  it('files a written walk-in petition with the notice accepted, records consent and how it came in, and returns the receipt', async () => {
    const res = await post('gestor', '/api/v1/intake/cases', walkIn);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.radicado).toMatch(/^PQRSD-2026-\d{6}$/);
    expect(body.dueDate).toBe('2026-04-21');
    const line = (label: string) => body.receipt.lines.find((l: { label: string }) => l.label === label)?.value;
    expect(body.receipt.title).toBe('Constancia de radicación');
    expect(line('Número de radicado')).toBe(body.radicado);
    expect(line('Fecha y hora de radicación')).toBe('viernes 27 de marzo de 2026, 10:00 a. m.');
    expect(line('Fecha máxima de respuesta')).toBe('martes 21 de abril de 2026');
    expect(line('Cómo se recibió')).toBe('En persona, por escrito');
    expect(line('Oficina')).toBe('Ventanilla única del Centro');
    // The chat's validators normalised what the official typed.
    expect(line('Le responderemos por')).toBe('Correo electrónico: Ana.Ciudadana@example.com');
    expect(line('Tratamiento de datos personales')).toBe(
      'Aceptó el aviso de tratamiento de datos (política versión 2026-01).',
    );
    expect(line('Recibida por')).toBe('Gloria Gestora');
    expect(body.receipt.howToCheck[0]).toBe(
      'En el chat de atención https://atencion.prueba.gov.co: escriba «consultar radicado» y luego su número de radicado.',
    );

    const row = await database.prisma.pqrsdCase.findFirstOrThrow({
      include: { requester: true, events: { orderBy: { at: 'asc' } } },
    });
    expect(row).toMatchObject({ channel: 'presencial', replyChannel: 'correo' });
    expect(row.requester).toMatchObject({
      documentNumber: '1020304050',
      phone: '+573001234567',
      email: 'Ana.Ciudadana@example.com',
    });
    const consent = await database.prisma.consent.findUniqueOrThrow({ where: { id: row.consentId! } });
    expect(consent).toMatchObject({ channel: 'presencial', policyVersion: '2026-01' });
    expect(consent.noticeSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.events.find((e) => e.kind === 'intake')?.data).toEqual({
      channel: 'presencial',
      office: 'ventanilla-centro',
      verbal: false,
      dataNotice: 'aceptado',
      policyVersion: '2026-01',
    });
    // Decreto 1166 de 2016: a paper handed in at the counter is not a verbal petition.
    expect(row.events.find((e) => e.kind === 'filed')?.data).toMatchObject({ verbal: false });
  });

  it('files a phone petition whose caller declined the notice: verbal, the notice and the refusal recorded', async () => {
    const res = await post('gestor', '/api/v1/intake/cases', {
      ...walkIn,
      office: 'linea-atencion',
      channel: 'telefono',
      modality: 'verbal',
      dataNotice: 'rechazado',
      petition: {
        ...walkIn.petition,
        requester: { name: 'Luis Llamada', address: 'Calle 8 # 3-15, barrio Centro' },
        replyChannel: 'direccion',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const lines = Object.fromEntries(
      res.json().receipt.lines.map((l: { label: string; value: string }) => [l.label, l.value]),
    );
    expect(lines['Cómo se recibió']).toBe('Por teléfono, en forma verbal');
    expect(lines['Le responderemos por']).toBe('Dirección: Calle 8 # 3-15, barrio Centro');
    expect(lines['Tratamiento de datos personales']).toBe(
      'No aceptó el aviso de tratamiento de datos. Su petición quedó radicada igual.',
    );
    const row = await database.prisma.pqrsdCase.findFirstOrThrow({ include: { events: true } });
    expect(row).toMatchObject({ channel: 'telefono', replyChannel: 'direccion' });
    expect(row.events.find((e) => e.kind === 'filed')?.data).toMatchObject({ verbal: true });
    expect(row.events.find((e) => e.kind === 'intake')?.data).toMatchObject({ verbal: true, dataNotice: 'rechazado' });
    // Ley 1581 art. 12: the notice was shown; what the citizen chose is proof too, and it did not stop the filing.
    expect(await database.prisma.consent.findMany()).toMatchObject([{ channel: 'telefono', decision: 'rechazado' }]);
  });

  it('refuses what the chat would refuse, and what a counter cannot do, naming each field in Spanish', async () => {
    const res = await post('gestor', '/api/v1/intake/cases', {
      ...walkIn,
      office: 'otra',
      channel: 'telefono',
      modality: 'escrita',
      dataNotice: undefined,
      petition: { ...walkIn.petition, requester: { phone: '555 0100' }, replyChannel: 'canal' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('VALIDATION_FAILED');
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      '/office',
      '/modality',
      '/dataNotice',
      '/petition/requester/phone',
      '/petition/replyChannel',
    ]);
    expect(res.json().error.details[3].message).toBe(
      'A un teléfono fijo le falta el indicativo. Escríbalo con él, así: 601 234 5678.',
    );
    const shape = await post('gestor', '/api/v1/intake/cases', {
      ...walkIn,
      petition: { ...walkIn.petition, description: '', requester: { email: 'ana@' } },
    });
    expect(shape.statusCode).toBe(400);
    expect(shape.json().error.details.map((d: { path: string }) => d.path)).toEqual([
      '/petition/requester/email',
      '/petition/description',
    ]);
    expect(await database.prisma.pqrsdCase.count()).toBe(0);
  });

  it('gives one radicado for one idempotency key, and leaves filing to roles that may file', async () => {
    const first = await post('gestor', '/api/v1/intake/cases', walkIn, { 'idempotency-key': 'mostrador-0001' });
    const again = await post('gestor', '/api/v1/intake/cases', walkIn, { 'idempotency-key': 'mostrador-0001' });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.json().radicado).toBe(first.json().radicado);
    expect(await database.prisma.caseEvent.count({ where: { kind: 'intake' } })).toBe(1);
    expect((await post('agente', '/api/v1/intake/cases', walkIn)).statusCode).toBe(403);
  });

  it('logs calls and visits without a petition, and the service report counts them with the petitions by channel, office and topic', async () => {
    await post('gestor', '/api/v1/intake/cases', walkIn);
    await post('gestor', '/api/v1/intake/cases', {
      ...walkIn,
      office: 'linea-atencion',
      channel: 'telefono',
      modality: 'verbal',
    });
    const contact = (office: string, channel: string, topic: string) =>
      post('agente', '/api/v1/intake/contacts', { office, channel, topic });
    expect((await contact('linea-atencion', 'telefono', 'consulta')).statusCode).toBe(201);
    await contact('linea-atencion', 'telefono', 'consulta');
    await contact('ventanilla-centro', 'presencial', 'tramite');
    const refused = await contact('otra', 'telefono', 'consulta');
    expect(refused.statusCode).toBe(400);
    expect(
      (
        await post('agente', '/api/v1/intake/contacts', {
          channel: 'whatsapp',
          topic: 'consulta',
          office: 'linea-atencion',
        })
      ).statusCode,
    ).toBe(400);

    const names: Record<string, string> = {
      'ventanilla-centro': 'Ventanilla única del Centro',
      'linea-atencion': 'Línea de atención telefónica',
    };
    const report = await loadServiceReport(
      database.prisma,
      entityId,
      { from: '2026-03-23', to: '2026-03-27' } as never,
      {
        now: NOW,
        officeName: (id) => names[id],
      },
    );
    // Petitions: 1 presencial (centro) + 1 telefono (línea); contacts: 2 telefono consulta (línea) + 1 presencial trámite (centro).
    expect(report.counterAndPhone).toEqual({
      total: 5,
      contacts: 3,
      petitions: 2,
      byChannel: [
        { key: 'telefono', label: 'Teléfono', count: 3 },
        { key: 'presencial', label: 'Presencial', count: 2 },
      ],
      byOffice: [
        { key: 'linea-atencion', label: 'Línea de atención telefónica', count: 3 },
        { key: 'ventanilla-centro', label: 'Ventanilla única del Centro', count: 2 },
      ],
      byTopic: [
        { key: 'consulta', label: 'Consulta o pregunta', count: 2 },
        { key: 'tramite', label: 'Trámite', count: 1 },
      ],
    });
    const outside = await loadServiceReport(
      database.prisma,
      entityId,
      { from: '2026-03-30', to: '2026-04-03' } as never,
      { now: NOW },
    );
    expect(outside.counterAndPhone?.byChannel).toEqual([
      { key: 'presencial', label: 'Presencial', count: 0 },
      { key: 'telefono', label: 'Teléfono', count: 0 },
    ]);
  });

  it('takes the optional population groups only with the notice accepted; the official handling the case reads them, a supervisor does not', async () => {
    const population = { armedConflictVictim: 'si', ethnicGroup: 'prefiere_no_decir', ageGroup: '60_o_mas' };
    const declined = await post('gestor', '/api/v1/intake/cases', { ...walkIn, dataNotice: 'rechazado', population });
    expect(declined.statusCode).toBe(400);
    expect(declined.json().error.details).toEqual([
      {
        path: '/population',
        message:
          'Los grupos de población son datos sensibles y opcionales: solo se registran si el ciudadano aceptó el aviso de datos.',
      },
    ]);
    const misspelt = await post('gestor', '/api/v1/intake/cases', { ...walkIn, population: { victima: 'si' } });
    expect(misspelt.statusCode).toBe(400);
    expect(await database.prisma.pqrsdCase.count()).toBe(0);

    const res = await post('gestor', '/api/v1/intake/cases', { ...walkIn, population });
    expect(res.statusCode, res.body).toBe(201);
    const radicado = res.json().radicado as string;
    // The receipt the citizen takes home does not carry them.
    expect(res.body).not.toMatch(/prefiere_no_decir|60_o_mas|víctima/i);
    // Fields not asked stay empty, apart from "prefiere no decir".
    expect(await database.prisma.populationProfile.findFirstOrThrow()).toMatchObject({
      ...population,
      disability: null,
      sex: null,
      genderIdentity: null,
    });

    const read = (who: keyof typeof tokens) =>
      app.inject({ url: `/api/v1/cases/${radicado}`, headers: { authorization: `Bearer ${tokens[who]}` } });
    const official = await read('gestor');
    expect(official.statusCode).toBe(200);
    expect(official.json().population).toEqual(population);
    expect(official.json().populationLabels).toEqual([
      { field: 'Grupo étnico', value: 'Prefiere no decir' },
      { field: 'Víctima del conflicto armado', value: 'Sí' },
      { field: 'Grupo de edad', value: '60 años o más' },
    ]);
    const supervisor = await read('supervisor');
    expect(supervisor.statusCode).toBe(200);
    expect(supervisor.json().radicado).toBe(radicado);
    expect(supervisor.json()).not.toHaveProperty('population');
    expect(supervisor.json()).not.toHaveProperty('populationLabels');
    expect(supervisor.body).not.toMatch(/prefiere_no_decir|60_o_mas/);

    // The official's filing API takes them too, with the same rule.
    const filing = {
      type: 'queja',
      description: 'Me atendieron mal en la ventanilla 2.',
      requester: { name: 'Rosa Díaz' },
    };
    const noConsent = await post('gestor', '/api/v1/cases', { ...filing, population: { disability: 'visual' } });
    expect(noConsent.statusCode).toBe(400);
    const filed = await post('gestor', '/api/v1/cases', {
      ...filing,
      consent: { policyVersion: '2026-01' },
      population: { disability: 'visual' },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect((await read('gestor')).json().population).toEqual(population);
    const second = await app.inject({
      url: `/api/v1/cases/${filed.json().radicado}`,
      headers: { authorization: `Bearer ${tokens.gestor}` },
    });
    expect(second.json().population).toEqual({ disability: 'visual' });
  });
});
