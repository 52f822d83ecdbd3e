import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseService } from '../../src/cases/service/case-service.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { parseOffices } from '../../src/entities/office-settings.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import { OfficeSurveys } from '../../src/surveys/office-surveys.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

const OFFICES = parseOffices({ oficinas: [{ id: 'ventanilla-centro', nombre: 'Ventanilla única del Centro' }] });
const SETTINGS = { pqrsd: { politicaDatos: { version: '2026-01' } } };
const NOW = new Date('2026-03-27T15:00:00.000Z');

const petition = (extra: Record<string, unknown>) => ({
  office: 'ventanilla-centro',
  channel: 'presencial',
  modality: 'escrita',
  dataNotice: 'aceptado',
  petition: {
    type: 'peticion',
    requester: { name: 'Rosa Apoderada Gil', email: 'rosa@example.com' },
    description: 'Solicito copia del certificado de estratificación del predio.',
    replyChannel: 'correo',
    ...extra,
  },
});

// Who presents the petition: the requester types of the reference's suggested fields (natural person, legal entity,
// minor, representative, anonymous); Ley 1755 art. 16 (contenido de la petición) asks for the petitioner's name and ID.
describe.each(testProviders)('requester types on %s', (provider) => {
  let database: Database;
  let close: () => Promise<void>;
  let app: FastifyInstance;
  const tokens = {} as Record<'gestor' | 'supervisor' | 'control', string>;

  beforeEach(async () => {
    const opened = await openMigratedDatabase(provider);
    database = opened.database;
    close = opened.close;
    const prisma = database.prisma;
    const entityId = (
      await prisma.entity.create({ data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings: SETTINGS } })
    ).id;
    const logger = pino({ level: 'silent' });
    const cases = new CaseService({ prisma, entityId, settings: parsePqrsdSettings(SETTINGS), logger, now: () => NOW });
    const directory = new StaffDirectory(prisma, entityId);
    const add = async (name: string, email: string, roles: ('gestor' | 'supervisor' | 'control_interno')[]) =>
      (await directory.add({ name, email, roles }, [])).token;
    tokens.gestor = await add('Gloria Gestora', 'gloria@prueba.gov.co', ['gestor']);
    tokens.supervisor = await add('Sara Supervisora', 'sara@prueba.gov.co', ['supervisor']);
    tokens.control = await add('Carmen Control', 'carmen@prueba.gov.co', ['control_interno']);
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
            contact: { name: 'Alcaldía de Prueba', telefono: '(601) 555 0100', direccion: 'Carrera 5 n.º 10-20' },
          },
        },
      },
    });
  });

  afterEach(async () => {
    await app.close();
    await close();
  });

  const call = (who: keyof typeof tokens, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens[who]}` },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it('Ley 1755 art. 16: a representative or apoderado files for someone else, whose name and document only those handling the case read', async () => {
    const missing = await call('gestor', 'POST', '/api/v1/intake/cases', petition({ requesterKind: 'representante' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details).toContainEqual({
      path: '/petition/represented/name',
      message: 'Escriba el nombre de la persona a quien representa (representante o apoderado).',
    });
    const stray = await call(
      'gestor',
      'POST',
      '/api/v1/intake/cases',
      petition({ requesterKind: 'natural', represented: { name: 'Pedro Representado' } }),
    );
    expect(stray.statusCode).toBe(400);

    const filed = await call(
      'gestor',
      'POST',
      '/api/v1/intake/cases',
      petition({
        requesterKind: 'representante',
        represented: { name: 'Pedro Representado Díaz', document: { type: 'CC', number: '79.555.444' } },
      }),
    );
    expect(filed.statusCode).toBe(201);
    const radicado = filed.json().radicado as string;

    const handler = (await call('gestor', 'GET', `/api/v1/cases/${radicado}`)).json();
    expect(handler).toMatchObject({
      requesterKind: 'representante',
      requester: { name: 'Rosa Apoderada Gil' },
      represented: { name: 'Pedro Representado Díaz', documentType: 'CC', documentNumber: '79555444' },
    });
    for (const reader of ['supervisor', 'control'] as const) {
      const seen = await call(reader, 'GET', `/api/v1/cases/${radicado}`);
      expect(seen.json()).toMatchObject({
        requester: { name: 'Rosa Apoderada Gil' },
        represented: { reservada: true },
      });
      expect(seen.body).not.toContain('Pedro');
      expect(seen.body).not.toContain('79555444');
      const list = await call(reader, 'GET', '/api/v1/cases');
      expect(list.body).not.toContain('Pedro');
    }

    // The officials' API takes the same petition.
    const api = await call('gestor', 'POST', '/api/v1/cases', {
      type: 'queja',
      requesterKind: 'representante',
      requester: { name: 'Rosa Apoderada Gil' },
      represented: { name: 'Lucía Representada' },
      description: 'Me atendieron mal en la ventanilla de Hacienda.',
      consent: { policyVersion: '2026-01' },
    });
    expect(api.statusCode).toBe(201);
    const noParty = await call('gestor', 'POST', '/api/v1/cases', {
      type: 'peticion',
      requesterKind: 'representante',
      requester: { name: 'Rosa Apoderada Gil' },
      description: 'Solicito un certificado.',
    });
    expect(noParty.statusCode).toBe(400);
    expect(noParty.json().error.message).toMatch(/nombre de la persona a quien representa/);
  });

  it("Ley 1755 art. 16: a minor's personal data is read only by those handling the case, never in reports or exports", async () => {
    const filed = await call(
      'gestor',
      'POST',
      '/api/v1/intake/cases',
      petition({
        requesterKind: 'menor',
        requester: {
          name: 'Tomás Menor Ríos',
          document: { type: 'TI', number: '1012345678' },
          email: 'tomas@example.com',
        },
      }),
    );
    expect(filed.statusCode).toBe(201);
    const radicado = filed.json().radicado as string;
    expect((await call('gestor', 'GET', `/api/v1/cases/${radicado}`)).json()).toMatchObject({
      requesterKind: 'menor',
      requester: { name: 'Tomás Menor Ríos', documentType: 'TI' },
    });
    for (const reader of ['supervisor', 'control'] as const) {
      const seen = await call(reader, 'GET', `/api/v1/cases/${radicado}`);
      expect(seen.json().requester).toEqual({ reservada: true });
      expect(seen.body).not.toContain('Tomás');
      expect((await call(reader, 'GET', '/api/v1/cases')).body).not.toContain('Tomás');
      for (const format of ['json', 'csv']) {
        const report = await call(
          reader,
          'GET',
          `/api/v1/reports/pqrsd?from=2026-03-01&to=2026-03-31&format=${format}`,
        );
        expect(report.statusCode).toBe(200);
        expect(report.body).toContain(radicado);
        expect(report.body).not.toContain('Tomás');
        expect(report.body).not.toContain('1012345678');
      }
    }
  });
});
