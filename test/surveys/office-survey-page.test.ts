import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseService } from '../../src/cases/service/case-service.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { parseOffices, type Office } from '../../src/entities/office-settings.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import { OfficeSurveys } from '../../src/surveys/office-surveys.js';
import { parseSurveysFile, type SurveysFile } from '../../src/surveys/survey-definitions.js';
import { repoRoot } from '../support/cli-process.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

const OFFICES: Office[] = parseOffices({
  oficinas: [
    { id: 'ventanilla-centro', nombre: 'Ventanilla única del Centro', direccion: 'Carrera 5 n.º 10-20' },
    { id: 'linea-atencion', nombre: 'Línea de atención telefónica', canal: 'telefono' },
  ],
});

/** The demo's atencion_asesor survey (the office pages' default): satisfaccion (escala, CSAT), resuelto (si_no), trato (escala), comentario (texto, optional). */
const form = (fields: Record<string, string>) => ({
  method: 'POST' as const,
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(fields).toString(),
});

describe('office settings (settings.oficinas)', () => {
  it('defaults the channel to presencial and refuses repeated or badly written ids in Spanish', () => {
    expect(OFFICES[0]!.canal).toBe('presencial');
    expect(parseOffices({})).toEqual([]);
    expect(() =>
      parseOffices({
        oficinas: [
          { id: 'a-b', nombre: 'Uno' },
          { id: 'a-b', nombre: 'Dos' },
        ],
      }),
    ).toThrow(/oficina «a-b» está repetida/);
    expect(() => parseOffices({ oficinas: [{ id: 'Sede Centro', nombre: 'Sede' }] })).toThrow(/solo minúsculas/);
  });
});

describe('which survey the office pages show (enviar.oficina)', () => {
  const yaml = (enviar: string) => `version: 1
enviar: {${enviar}}
encuestas:
  - { id: bot, titulo: Bot, intro: Hola, preguntas: [{ id: s, tipo: escala, texto: ¿Qué tal? }] }
  - { id: asesor, titulo: Asesor, intro: Hola, preguntas: [{ id: s, tipo: escala, texto: ¿Qué tal? }] }
`;
  it('defaults to the survey after an agent, else the first; refuses an unknown id in Spanish', () => {
    expect(parseSurveysFile('encuestas.yaml', yaml('cierreAsesor: asesor')).enviar.oficina).toBe('asesor');
    expect(parseSurveysFile('encuestas.yaml', yaml('cierreAsesor: "no"')).enviar.oficina).toBe('bot');
    expect(parseSurveysFile('encuestas.yaml', yaml('oficina: bot, cierreAsesor: asesor')).enviar.oficina).toBe('bot');
    expect(() => parseSurveysFile('encuestas.yaml', yaml('oficina: otra'))).toThrow(
      /no hay ninguna encuesta con id «otra»/,
    );
  });
});

describe.each(testProviders)('office survey pages over HTTP on %s', (provider) => {
  let database: Database;
  let close: () => Promise<void>;
  let app: FastifyInstance;
  let token: string;
  let gestor: string;
  let file: SurveysFile;
  const clock = { ms: Date.parse('2026-04-15T15:00:00Z') };

  beforeEach(async () => {
    clock.ms = Date.parse('2026-04-15T15:00:00Z');
    const opened = await openMigratedDatabase(provider);
    database = opened.database;
    close = opened.close;
    const prisma = database.prisma;
    const entity = await prisma.entity.create({ data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings: {} } });
    file = parseSurveysFile('encuestas.yaml', await readFile(join(repoRoot, 'flows', 'encuestas.yaml'), 'utf8'));
    const logger = pino({ level: 'silent' });
    const surveys = new OfficeSurveys({
      prisma,
      entityId: entity.id,
      logger,
      file: () => file,
      now: () => new Date(clock.ms),
    });
    const directory = new StaffDirectory(prisma, entity.id);
    gestor = (await directory.add({ name: 'Gloria Gestora', email: 'gloria@prueba.gov.co', roles: ['gestor'] }, []))
      .token;
    const cases = new CaseService({
      prisma,
      entityId: entity.id,
      settings: parsePqrsdSettings({}),
      logger,
      notifier: { notify: async () => {} },
      timers: undefined,
    });
    token = (await directory.add({ name: 'Olga Orientadora', email: 'olga@prueba.gov.co', roles: ['agente'] }, []))
      .token;
    app = await buildApp({
      config: loadConfig({ DATABASE_URL: opened.url }),
      database,
      logger,
      services: { cases, staff: directory },
      offices: {
        surveyPages: {
          entityName: 'Alcaldía de Prueba',
          offices: OFFICES,
          surveys,
          texts: () => file.textos,
          now: () => clock.ms,
        },
        staff: {
          entityName: 'Alcaldía de Prueba',
          offices: OFFICES,
          publicUrl: 'https://atencion.prueba.gov.co',
          intake: { prisma, entityId: entity.id, cases, surveys, contact: { name: 'Alcaldía de Prueba' } },
        },
      },
    });
  });

  afterEach(async () => {
    await app.close();
    await close();
  });

  it('shows each question as a labelled group without scripts, and a Spanish 404 for an unknown office', async () => {
    const res = await app.inject({ url: '/encuesta/ventanilla-centro' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(String(res.headers['set-cookie'])).toMatch(
      /^vt_encuesta=[A-Za-z0-9_-]{22}; Path=\/encuesta; Max-Age=31536000; HttpOnly; SameSite=Lax/,
    );
    expect(res.body).toContain('<html lang="es">');
    expect(res.body).toContain(
      '<legend>1. En general, ¿qué tan satisfecho está con la atención que recibió? </legend>',
    );
    expect(res.body).toContain('<input type="radio" name="satisfaccion" value="5"> <span>5 - Muy bueno</span>');
    expect(res.body).toContain('<label class="block" for="q-comentario">');
    expect(res.body).toContain('Ventanilla única del Centro (Carrera 5 n.º 10-20)');
    expect(res.body).not.toContain('<script');
    // The chat's way out is a button; on a page the citizen simply leaves.
    expect(res.body).not.toContain('Omitir encuesta');

    const missing = await app.inject({ url: '/encuesta/no-existe' });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('No encontramos esta encuesta');
    expect(missing.body).toContain('no corresponde a ninguna oficina');
  });

  it('stores a complete answer tagged with the office and its channel, then thanks the citizen', async () => {
    const res = await app.inject({
      url: '/encuesta/linea-atencion',
      ...form({ satisfaccion: '4', resuelto: 'si', trato: '5', comentario: 'Muy amables' }),
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/encuesta/linea-atencion/gracias');
    const thanks = await app.inject({ url: res.headers.location as string });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('<h1>Gracias</h1>');
    expect(thanks.body).toContain(file.textos.gracias);

    const runs = await database.prisma.surveyRun.findMany({ include: { answers: { orderBy: { questionId: 'asc' } } } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      surveyId: 'atencion_asesor',
      trigger: 'office_page',
      channel: 'telefono',
      office: 'linea-atencion',
      status: 'answered',
      contactId: null,
      conversationId: null,
    });
    expect(runs[0]!.answers.map((a) => [a.questionId, a.value, a.score])).toEqual([
      ['comentario', 'Muy amables', null],
      ['resuelto', 'si', 1],
      ['satisfaccion', '4', 4],
      ['trato', '5', 5],
    ]);
  });

  it('returns the form with what is missing, keeping the answers given, and stores nothing', async () => {
    const res = await app.inject({ url: '/encuesta/ventanilla-centro', ...form({ satisfaccion: '2', trato: '9' }) });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).toContain('Revise 2 respuestas');
    expect(res.body).toContain('<a href="#pregunta-resuelto">Pregunta 2: Responda esta pregunta.</a>');
    expect(res.body).toContain('<a href="#pregunta-trato">Pregunta 3: Elija una de las opciones.</a>');
    expect(res.body).toContain('<input type="radio" name="satisfaccion" value="2" checked>');
    expect(res.body).toContain('<fieldset aria-describedby="error-resuelto">');
    expect(await database.prisma.surveyRun.count()).toBe(0);
  });

  it('lets one phone answer once a minute, and holds back a flood from one address', async () => {
    const answer = { satisfaccion: '5', resuelto: 'si', trato: '5' };
    const first = await app.inject({ url: '/encuesta/ventanilla-centro', ...form(answer) });
    expect(first.statusCode).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    const again = await app.inject({
      url: '/encuesta/ventanilla-centro',
      ...form(answer),
      headers: { ...form(answer).headers, cookie },
    });
    expect(again.statusCode).toBe(429);
    expect(again.body).toContain('Ya recibimos una respuesta desde este teléfono hace muy poco');
    clock.ms += 61_000;
    const later = await app.inject({
      url: '/encuesta/ventanilla-centro',
      ...form(answer),
      headers: { ...form(answer).headers, cookie },
    });
    expect(later.statusCode).toBe(303);
    expect(await database.prisma.surveyRun.count()).toBe(2);

    // New phones (no cookie) from one address to another office: 20 answers per 10 minutes, then "wait".
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await app.inject({ url: '/encuesta/linea-atencion', ...form(answer) })).statusCode);
    expect(statuses.filter((s) => s === 303)).toHaveLength(20);
    expect(statuses.at(-1)).toBe(429);
    expect(await database.prisma.surveyRun.count()).toBe(22);
  });

  it('gives officials the QR poster of an office, printable, and only when signed in', async () => {
    expect((await app.inject({ url: '/api/v1/offices/ventanilla-centro/qr' })).statusCode).toBe(401);
    const auth = { authorization: `Bearer ${token}` };
    const list = await app.inject({ url: '/api/v1/offices', headers: auth });
    expect(list.json().items).toEqual([
      {
        id: 'ventanilla-centro',
        name: 'Ventanilla única del Centro',
        channel: 'presencial',
        address: 'Carrera 5 n.º 10-20',
        surveyUrl: 'https://atencion.prueba.gov.co/encuesta/ventanilla-centro',
      },
      {
        id: 'linea-atencion',
        name: 'Línea de atención telefónica',
        channel: 'telefono',
        address: null,
        surveyUrl: 'https://atencion.prueba.gov.co/encuesta/linea-atencion',
      },
    ]);
    const poster = await app.inject({ url: '/api/v1/offices/ventanilla-centro/qr', headers: auth });
    expect(poster.statusCode).toBe(200);
    expect(poster.body).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 \d+ \d+"/);
    expect(poster.body).toContain('https://atencion.prueba.gov.co/encuesta/ventanilla-centro');
    expect(poster.body).toContain('@media print');
    expect((await app.inject({ url: '/api/v1/offices/no-existe/qr', headers: auth })).statusCode).toBe(404);
  });

  it('gives a counter case answered by post or e-mail its own survey link, answered once, tagged with the case and office', async () => {
    const auth = { authorization: `Bearer ${gestor}` };
    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/intake/cases',
      headers: auth,
      payload: {
        office: 'ventanilla-centro',
        channel: 'presencial',
        modality: 'verbal',
        dataNotice: 'aceptado',
        petition: {
          type: 'peticion',
          description: 'Solicito poda de árboles en el parque central.',
          requester: { address: 'Calle 8 # 3-15' },
          replyChannel: 'direccion',
        },
      },
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const radicado = filed.json().radicado as string;
    const link = () =>
      app.inject({ method: 'POST', url: `/api/v1/intake/cases/${radicado}/survey-link`, headers: auth });
    const early = await link();
    expect(early.statusCode).toBe(422);
    expect(early.json().error.details[0].message).toBe(
      'Primero responda la petición: la encuesta es sobre la respuesta.',
    );

    const answered = await app.inject({
      method: 'POST',
      url: `/api/v1/cases/${radicado}/answer`,
      headers: auth,
      payload: { text: 'La poda quedó programada para el 20 de abril.' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const first = (await link()).json();
    expect(first.url).toMatch(/^https:\/\/atencion\.prueba\.gov\.co\/encuesta\/respuesta\/[0-9a-f-]{36}$/);
    expect(first.text).toBe(
      `¿Nos ayuda a mejorar? Califique la respuesta a su solicitud ${radicado} en ${first.url} (toma menos de un minuto).`,
    );
    expect(first.qrSvg).toMatch(/^<svg /);
    expect((await link()).json().url).toBe(first.url);

    const path = new URL(first.url).pathname;
    const shown = await app.inject({ url: path });
    expect(shown.statusCode).toBe(200);
    expect(shown.body).toContain(`Solicitud: <strong>${radicado}</strong>`);
    expect(shown.body).toContain('¿La respuesta resolvió su solicitud?');
    const sent = await app.inject({ url: path, ...form({ satisfaccion: '4', resuelto: 'si' }) });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain(`Recibimos su opinión sobre la respuesta a su solicitud ${radicado}.`);
    const again = await app.inject({ url: path, ...form({ satisfaccion: '1', resuelto: 'no' }) });
    expect(again.statusCode).toBe(410);
    expect((await app.inject({ url: '/encuesta/respuesta/no-es-un-enlace' })).statusCode).toBe(404);

    const run = await database.prisma.surveyRun.findFirstOrThrow({
      where: { trigger: 'case_answered' },
      include: { answers: { orderBy: { questionId: 'asc' } } },
    });
    expect(run).toMatchObject({
      surveyId: 'respuesta_pqrsd',
      channel: 'presencial',
      office: 'ventanilla-centro',
      status: 'answered',
      contactId: null,
    });
    expect(run.caseId).not.toBeNull();
    expect(run.answers.map((a) => [a.questionId, a.score])).toEqual([
      ['resuelto', 1],
      ['satisfaccion', 4],
    ]);
  });
});
