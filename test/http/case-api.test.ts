import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseService, type CaseNotice, type CitizenNotifier } from '../../src/cases/service/case-service.js';
import { caseSteps } from '../../src/cases/service/case-transitions.js';
import type { FileCaseInput } from '../../src/cases/service/file-case-input.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { loggerOptions } from '../../src/logger.js';
import { StaffDirectory } from '../../src/staff/staff-directory.js';
import type { StaffRole } from '../../src/staff/staff-roles.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

const HACIENDA = 'Secretaría de Hacienda';
const GOBIERNO = 'Secretaría de Gobierno';
const dependencies = [HACIENDA, GOBIERNO, 'Secretaría de Planeación'];

/** 10:00 in Colombia on the given day. */
const on = (date: string) => new Date(`${date}T15:00:00.000Z`);

/** A citizen notifier that only remembers what it was asked to send. */
class RecordingNotifier implements CitizenNotifier {
  readonly sent: ({ conversationId: string } & CaseNotice)[] = [];
  /** Conversations whose channel refuses every notice. */
  readonly failing = new Set<string>();
  async notify(conversationId: string, notice: CaseNotice): Promise<void> {
    if (this.failing.has(conversationId)) throw new Error('channel down');
    this.sent.push({ conversationId, ...notice });
  }
  to(conversationId: string): string[] {
    return this.sent.filter((s) => s.conversationId === conversationId).map((s) => s.text);
  }
}

describe.each(testProviders)('officials case API on %s', (provider) => {
  let database: Database;
  let closeDatabase: () => Promise<void>;
  let app: FastifyInstance;
  let service: CaseService;
  let directory: StaffDirectory;
  let notifier: RecordingNotifier;
  let logLines: string[];
  const clock = { now: on('2026-03-27') };
  const tokens = {} as Record<
    'gestor' | 'funcionario' | 'funcionarioGobierno' | 'control' | 'disciplinario' | 'supervisor',
    string
  >;

  beforeEach(async () => {
    clock.now = on('2026-03-27'); // a Friday: 15 business days later is 2026-04-21 (Holy Week, Apr 2-3)
    const opened = await openMigratedDatabase(provider);
    database = opened.database;
    closeDatabase = opened.close;
    const prisma = database.prisma;
    const entity = await prisma.entity.create({
      data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings: { pqrsd: { dependencias: dependencies } } },
    });
    logLines = [];
    // The application's own logger options (redaction included) at the most verbose level, written to memory.
    const logger = pino(loggerOptions({ LOG_LEVEL: 'trace', NODE_ENV: 'test' }), {
      write: (line: string) => void logLines.push(line),
    });
    notifier = new RecordingNotifier();
    service = new CaseService({
      prisma,
      entityId: entity.id,
      settings: parsePqrsdSettings({ pqrsd: { dependencias: dependencies } }),
      logger,
      now: () => clock.now,
      notifier,
      timers: undefined,
    });
    directory = new StaffDirectory(prisma, entity.id);
    const add = async (name: string, email: string, roles: StaffRole[], dependency?: string) =>
      (await directory.add({ name, email, roles, ...(dependency ? { dependency } : {}) }, dependencies)).token;
    tokens.gestor = await add('Gloria Gestora', 'gestora@prueba.gov.co', ['gestor']);
    tokens.funcionario = await add('Fabio Funcionario', 'fabio@prueba.gov.co', ['funcionario'], HACIENDA);
    tokens.funcionarioGobierno = await add('Gabriela Gobierno', 'gabriela@prueba.gov.co', ['funcionario'], GOBIERNO);
    tokens.control = await add('Carmen Control', 'control@prueba.gov.co', ['control_interno']);
    tokens.disciplinario = await add('Diana Disciplinaria', 'disciplinario@prueba.gov.co', [
      'control_interno_disciplinario',
    ]);
    tokens.supervisor = await add('Sergio Supervisor', 'sergio@prueba.gov.co', ['supervisor']);
    app = await buildApp({
      config: loadConfig({ DATABASE_URL: opened.url }),
      database,
      logger,
      services: { cases: service, staff: directory },
    });
  });

  afterEach(async () => {
    await app.close();
    await closeDatabase();
  });

  function call(token: string | undefined, method: 'GET' | 'POST', url: string, payload?: unknown) {
    const options: InjectOptions = { method, url, headers: token ? { authorization: `Bearer ${token}` } : {} };
    if (payload !== undefined) options.payload = payload as InjectOptions['payload'];
    return app.inject(options);
  }

  /** An identified petition from a chat conversation, with its data-use consent, as the filing flow does it. */
  async function fileIdentified(conversationId: string, input: Partial<FileCaseInput> = {}) {
    const consent = await service.recordConsent({ channel: 'web', conversationId });
    return service.file(
      {
        type: 'peticion',
        description: 'Solicito información sobre el estado de la vía de la vereda El Salitre.',
        requester: { name: 'Ana Ciudadana Ruiz', email: 'ana.ciudadana@example.com' },
        ...input,
      },
      { channel: 'web', conversationId, consentId: consent.id },
    );
  }

  async function assign(radicado: string, dependency: string) {
    const res = await call(tokens.gestor, 'POST', `/api/v1/cases/${radicado}/assign`, { dependency });
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  const errorOf = (res: LightMyRequestResponse) => (res.json() as { error: { code: string; message: string } }).error;

  it('sends an answer with its documents; a disguised file and a document of another case are refused, and nothing is sent', async () => {
    const prisma = database.prisma;
    const entityId = (await prisma.entity.findFirstOrThrow()).id;
    const citizen = async (name: string) => {
      const contact = await prisma.contact.create({ data: { entityId, displayName: name } });
      const conversation = await prisma.conversation.create({
        data: { entityId, contactId: contact.id, channel: 'web' },
      });
      const consent = await service.recordConsent({ channel: 'web', conversationId: conversation.id });
      const filed = await service.file(
        {
          type: 'peticion',
          description: 'Solicito el certificado de estratificación de mi casa.',
          requester: { name },
        },
        { channel: 'web', conversationId: conversation.id, contactId: contact.id, consentId: consent.id },
      );
      await assign(filed.radicado, HACIENDA);
      return { conversationId: conversation.id, radicado: filed.radicado };
    };
    const ana = await citizen('Ana Ruiz');
    const beto = await citizen('Beto Gómez');
    const pdf = Buffer.from('%PDF-1.4\n% certificado\n%%EOF\n');
    const upload = (radicado: string, body: Buffer) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/cases/${radicado}/files`,
        headers: {
          authorization: `Bearer ${tokens.funcionario}`,
          'content-type': 'application/pdf',
          'x-file-name': encodeURIComponent('certificado.pdf.exe'),
        },
        payload: body,
      });

    const disguised = await upload(ana.radicado, Buffer.from('MZ\x90\x00 not a pdf at all'));
    expect(errorOf(disguised).code).toBe('FILE_TYPE_NOT_ALLOWED');
    const mine = await upload(ana.radicado, pdf);
    expect(mine.statusCode).toBe(201);
    const document = mine.json().attachment as { ref: string; fileName: string };
    expect(document.fileName).toBe('certificado_pdf_exe.pdf');
    const others = (await upload(beto.radicado, pdf)).json().attachment as { ref: string };

    const wrong = await call(tokens.funcionario, 'POST', `/api/v1/cases/${ana.radicado}/answer`, {
      text: 'Adjuntamos su certificado.',
      attachments: [others.ref],
    });
    expect(wrong.statusCode).toBe(400);
    expect(errorOf(wrong).code).toBe('INPUT_NOT_VALID');
    expect(notifier.to(ana.conversationId).some((t) => t.startsWith('Respuesta'))).toBe(false);

    const answered = await call(tokens.funcionario, 'POST', `/api/v1/cases/${ana.radicado}/answer`, {
      text: 'Adjuntamos su certificado.',
      attachments: [document.ref],
    });
    expect(answered.statusCode).toBe(200);
    const sent = notifier.sent.filter((n) => n.conversationId === ana.conversationId).at(-1);
    expect(sent?.text).toContain('Adjuntamos su certificado.');
    expect(sent?.attachments).toEqual([
      expect.objectContaining({ ref: document.ref, fileName: 'certificado_pdf_exe.pdf', mimeType: 'application/pdf' }),
    ]);
  });

  it('answers 401 with a Spanish message and a Bearer challenge without a token or with a wrong one, and never logs tokens', async () => {
    const missing = await call(undefined, 'GET', '/api/v1/cases');
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(errorOf(missing)).toEqual({
      code: 'UNAUTHENTICATED',
      message: 'Inicie sesión para continuar: el token de acceso falta, no es válido o ya fue revocado.',
    });

    const wrongToken = 'vnt_' + 'A'.repeat(43);
    const wrong = await call(wrongToken, 'GET', '/api/v1/cases');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(errorOf(wrong).code).toBe('UNAUTHENTICATED');

    const notBearer = await app.inject({ url: '/api/v1/cases', headers: { authorization: `Basic ${tokens.gestor}` } });
    expect(notBearer.statusCode).toBe(401);

    const revoked = (await directory.add({ name: 'Rita Retirada', email: 'rita@prueba.gov.co', roles: ['gestor'] }))
      .token;
    expect((await call(revoked, 'GET', '/api/v1/cases')).statusCode).toBe(200);
    await directory.disable('rita@prueba.gov.co');
    const afterRevocation = await call(revoked, 'GET', '/api/v1/cases');
    expect(afterRevocation.statusCode).toBe(401);
    expect(errorOf(afterRevocation).code).toBe('UNAUTHENTICATED');

    const ok = await call(tokens.gestor, 'GET', '/api/v1/cases');
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ total: 0, items: [] });
    expect(ok.headers['cache-control']).toBe('no-store');

    const logs = logLines.join('\n');
    expect(logs).toContain('staff authentication failed');
    for (const token of [wrongToken, tokens.gestor, revoked]) {
      expect(logs).not.toContain(token);
      expect(logs).not.toContain(token.slice(4, 20));
    }
  });

  it('answers 429 to an address after 10 failed sign-ins within a minute, even with a valid token', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await call(`vnt_intento${i}`, 'GET', '/api/v1/cases')).statusCode).toBe(401);
    }
    const limited = await call('vnt_intento10', 'GET', '/api/v1/cases');
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited).code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await call(tokens.gestor, 'GET', '/api/v1/cases')).statusCode).toBe(429);
    // The public answers are not behind the sign-in.
    expect((await app.inject({ url: '/api/v1/public/answers' })).statusCode).toBe(200);
  });

  it("shows a funcionario only their dependency's cases: others are absent from the list and 404", async () => {
    const mine = await fileIdentified('conv-a');
    const theirs = await fileIdentified('conv-b');
    const unassigned = await fileIdentified('conv-c');
    await assign(mine.radicado, HACIENDA);
    await assign(theirs.radicado, GOBIERNO);

    const list = await call(tokens.funcionario, 'GET', '/api/v1/cases');
    expect(list.statusCode).toBe(200);
    const body = list.json() as { total: number; items: { radicado: string }[] };
    expect(body.total).toBe(1);
    expect(body.items.map((i) => i.radicado)).toEqual([mine.radicado]);

    expect((await call(tokens.funcionario, 'GET', `/api/v1/cases/${mine.radicado}`)).statusCode).toBe(200);
    for (const radicado of [theirs.radicado, unassigned.radicado]) {
      const res = await call(tokens.funcionario, 'GET', `/api/v1/cases/${radicado}`);
      expect(res.statusCode).toBe(404);
      expect(errorOf(res).code).toBe('CASE_NOT_FOUND');
      // Changing it is not possible either, and says nothing about whether it exists.
      const answer = await call(tokens.funcionario, 'POST', `/api/v1/cases/${radicado}/answer`, { text: 'Respuesta' });
      expect(answer.statusCode).toBe(404);
    }
    // The gestor sees all three; a filter narrows the list.
    expect((await call(tokens.gestor, 'GET', '/api/v1/cases')).json().total).toBe(3);
    const filtered = await call(tokens.gestor, 'GET', `/api/v1/cases?dependency=${encodeURIComponent(GOBIERNO)}`);
    expect(filtered.json().items.map((i: { radicado: string }) => i.radicado)).toEqual([theirs.radicado]);
  });

  it("keeps a denunciante's reserved identity out of every response but Control Interno Disciplinario's (not Control Interno's: Ley 87 de 1993), and out of the logs", async () => {
    const secrets = ['Denunciante Reservado Gómez', '80123456', 'denunciante.reservado@example.com', '3001234567'];
    const filed = await fileIdentified('conv-denuncia', {
      type: 'denuncia',
      description: 'Denuncio que en la obra del parque se usan materiales distintos a los contratados.',
      requester: {
        name: 'Denunciante Reservado Gómez',
        document: { type: 'CC', number: '80123456' },
        email: 'denunciante.reservado@example.com',
        phone: '3001234567',
      },
    });
    await assign(filed.radicado, HACIENDA);
    // Half the term (7 business days after receipt): the reminder timer fires for the dependency.
    clock.now = on('2026-04-09');
    const row = await database.prisma.pqrsdCase.findFirstOrThrow({ where: { radicado: filed.radicado } });
    await service.runReminder(row.id);

    const expectClean = (res: LightMyRequestResponse, what: string) => {
      expect(res.statusCode, what).toBe(200);
      for (const secret of secrets) expect(res.body, `${what} shows ${secret}`).not.toContain(secret);
    };
    const readAll = async (token: string, role: string) => {
      const list = await call(token, 'GET', '/api/v1/cases');
      expectClean(list, `${role} list`);
      expect(list.json().items[0].requester).toEqual({ reservada: true });
      const one = await call(token, 'GET', `/api/v1/cases/${filed.radicado}`);
      expectClean(one, `${role} get`);
      expect(one.json().requester).toEqual({ reservada: true });
      expect(one.json().identityReserved).toBe(true);
      const reminders = await call(token, 'GET', '/api/v1/reminders');
      expectClean(reminders, `${role} reminders`);
      expect(reminders.json().items.map((r: { radicado: string }) => r.radicado)).toEqual([filed.radicado]);
    };
    for (const [role, token] of [
      ['gestor', tokens.gestor],
      ['funcionario', tokens.funcionario],
      ['supervisor', tokens.supervisor],
      ['control interno', tokens.control],
    ] as const) {
      await readAll(token, role);
    }

    const answered = await call(tokens.funcionario, 'POST', `/api/v1/cases/${filed.radicado}/answer`, {
      text: 'Trasladamos su denuncia a la interventoría de la obra y abrimos una revisión de los materiales.',
    });
    expectClean(answered, 'funcionario answer');
    expect(answered.json().requester).toEqual({ reservada: true });
    for (const [role, token] of [
      ['gestor', tokens.gestor],
      ['funcionario', tokens.funcionario],
      ['supervisor', tokens.supervisor],
    ] as const) {
      await readAll(token, `${role} after the answer`);
    }

    const control = await call(tokens.disciplinario, 'GET', `/api/v1/cases/${filed.radicado}`);
    expect(control.statusCode).toBe(200);
    expect(control.json().requester).toMatchObject({
      name: 'Denunciante Reservado Gómez',
      documentType: 'CC',
      documentNumber: '80123456',
      email: 'denunciante.reservado@example.com',
      phone: '3001234567',
    });

    const logs = logLines.join('\n');
    expect(logs).toContain('case filed');
    expect(logs).toContain('case reminder');
    for (const secret of secrets) expect(logs).not.toContain(secret);
  });

  it('Ley 87 de 1993 and Ley 1474 art. 76: Control Interno evaluates (every case, the reports) and answers none; Control Interno Disciplinario receives quejas and denuncias only, answers them and reads reserved identities', async () => {
    const peticion = await fileIdentified('conv-ci-1');
    const queja = await fileIdentified('conv-ci-2', {
      type: 'queja',
      description: 'El funcionario Pedro Páez de la ventanilla 2 me exigió dinero para agilizar el trámite.',
      requester: { name: 'Quejosa Reservada Ruiz', document: { type: 'CC', number: '52123456' } },
      reserveIdentity: true,
    });
    const control = (await call(tokens.control, 'GET', '/api/v1/cases')).json();
    expect(control.items.map((c: { radicado: string }) => c.radicado).sort()).toEqual(
      [peticion.radicado, queja.radicado].sort(),
    );
    // Control Interno changes nothing on a case: no step is offered, and answering is refused.
    expect(control.items.every((c: { allowedActions: string[] }) => c.allowedActions.length === 0)).toBe(true);
    const refused = await call(tokens.control, 'POST', `/api/v1/cases/${queja.radicado}/answer`, {
      text: 'Respuesta.',
    });
    expect(errorOf(refused).code).toBe('FORBIDDEN');
    expect((await call(tokens.control, 'GET', '/api/v1/reports/pqrsd?from=2026-03-01&to=2026-03-31')).statusCode).toBe(
      200,
    );

    // A queja against a named servant may carry the reserve of a denuncia: only the disciplinary office reads it.
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${queja.radicado}`)).json()).toMatchObject({
      identityReserved: true,
      requester: { reservada: true },
    });
    expect((await call(tokens.control, 'GET', `/api/v1/cases/${queja.radicado}`)).json().requester).toEqual({
      reservada: true,
    });
    const disciplinary = (await call(tokens.disciplinario, 'GET', '/api/v1/cases')).json();
    expect(disciplinary.items.map((c: { radicado: string }) => c.radicado)).toEqual([queja.radicado]);
    expect(disciplinary.items[0].requester).toMatchObject({
      name: 'Quejosa Reservada Ruiz',
      documentNumber: '52123456',
    });
    expect((await call(tokens.disciplinario, 'GET', `/api/v1/cases/${peticion.radicado}`)).statusCode).toBe(404);
    expect(disciplinary.items[0].allowedActions).toContain('answer');
    const answered = await call(tokens.disciplinario, 'POST', `/api/v1/cases/${queja.radicado}/answer`, {
      text: 'Abrimos indagación disciplinaria.',
    });
    expect(answered.json()).toMatchObject({ status: 'respondido' });
    // The reports are Control Interno's, not the disciplinary office's.
    expect(
      (await call(tokens.disciplinario, 'GET', '/api/v1/reports/pqrsd?from=2026-03-01&to=2026-03-31')).statusCode,
    ).toBe(403);

    // Without the request, a queja is not reserved; a reserve asked for a petición is ignored.
    const plain = await fileIdentified('conv-ci-3', {
      type: 'queja',
      description: 'Me hicieron esperar dos horas en la ventanilla.',
    });
    const notQueja = await fileIdentified('conv-ci-4', { reserveIdentity: true });
    for (const r of [plain.radicado, notQueja.radicado]) {
      expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${r}`)).json().identityReserved).toBe(false);
    }
  });

  it('refuses an extension after the due date (EXTENSION_AFTER_DUE_DATE) and beyond double the term (EXTENSION_BEYOND_DOUBLE_TERM)', async () => {
    const filed = await fileIdentified('conv-ext-1');
    expect(filed.dueDate).toBe('2026-04-21');
    const url = `/api/v1/cases/${filed.radicado}/extend`;
    const reasons = 'Debemos pedir conceptos técnicos a la Secretaría de Planeación.';

    clock.now = on('2026-04-01');
    // Double the 15-day term counted from the receipt is 2026-05-13.
    const tooFar = await call(tokens.gestor, 'POST', url, { newDueDate: '2026-05-14', reasons });
    expect(tooFar.statusCode).toBe(422);
    expect(errorOf(tooFar)).toMatchObject({ code: 'EXTENSION_BEYOND_DOUBLE_TERM' });
    expect(errorOf(tooFar).message).toContain('13 de mayo de 2026');

    clock.now = on('2026-04-22');
    const late = await call(tokens.gestor, 'POST', url, { newDueDate: '2026-05-06', reasons });
    expect(late.statusCode).toBe(422);
    expect(errorOf(late).code).toBe('EXTENSION_AFTER_DUE_DATE');
    expect(errorOf(late).message).toMatch(/venció/);

    const unchanged = await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`);
    expect(unchanged.json().dueDate).toBe('2026-04-21');
    expect(notifier.to('conv-ext-1')).toEqual([]);
  });

  it('a valid extension moves the due date, tells the citizen the new date in Spanish and is in the history with the official', async () => {
    const filed = await fileIdentified('conv-ext-2');
    await assign(filed.radicado, HACIENDA);
    clock.now = on('2026-04-20');
    const res = await call(tokens.funcionario, 'POST', `/api/v1/cases/${filed.radicado}/extend`, {
      newDueDate: '2026-05-13',
      reasons: 'Debemos pedir conceptos técnicos a la Secretaría de Planeación.',
    });
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view.dueDate).toBe('2026-05-13');
    expect(view.extension).toMatchObject({ previousDueDate: '2026-04-21', newDueDate: '2026-05-13' });

    const notices = notifier.to('conv-ext-2');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain(filed.radicado);
    expect(notices[0]).toContain('necesitamos más tiempo');
    expect(notices[0]).toContain('13 de mayo de 2026');

    const extended = (view.history as { kind: string; actor: string; data: Record<string, unknown> }[]).find(
      (e) => e.kind === 'extended',
    );
    expect(extended).toMatchObject({
      actor: 'Fabio Funcionario',
      data: { previousDueDate: '2026-04-21', newDueDate: '2026-05-13' },
    });
  });

  it('request-completion stops the clock and completion-received restarts the full term from that day', async () => {
    const filed = await fileIdentified('conv-completion');
    clock.now = on('2026-03-30');
    const asked = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/request-completion`, {
      missing: 'Copia del recibo del impuesto predial',
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json().status).toBe('esperando_ciudadano');
    expect(asked.json().trafficLight.light).toBe('paused');
    expect(notifier.to('conv-completion')[0]).toContain('Copia del recibo del impuesto predial');

    // Still paused a week later, past nothing: the term does not run while the citizen owes information.
    clock.now = on('2026-04-06');
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`)).json().trafficLight.light).toBe(
      'paused',
    );

    const received = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/completion-received`, {
      note: 'Llegó por correo electrónico.',
    });
    expect(received.statusCode).toBe(200);
    const view = received.json();
    expect(view.status).toBe('en_tramite');
    // 15 business days from the day after 2026-04-06.
    expect(view.dueDate).toBe('2026-04-27');
    expect(view.trafficLight.light).toBe('green');
    expect(view.completion).toMatchObject({ requestedOn: '2026-03-30', completedOn: '2026-04-06' });
    expect(notifier.to('conv-completion')[1]).toContain('27 de abril de 2026');
  });

  it('Ley 1755 art. 17: desistimiento is a reasoned act, notified personally, open only to reposición, and the petition may be filed again', async () => {
    const filed = await fileIdentified('conv-desist');
    clock.now = on('2026-03-30');
    await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/request-completion`, {
      missing: 'El plano del predio',
    });
    // The citizen has until 30 April (one calendar month): the day itself is still theirs.
    clock.now = on('2026-04-30');
    const early = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/desist`, {
      reasons: 'No llegó el plano.',
    });
    expect(early.statusCode).toBe(422);
    expect(errorOf(early).code).toBe('COMPLETION_PERIOD_NOT_EXPIRED');
    clock.now = on('2026-05-01');
    // A reasoned act: no reasons, no desistimiento.
    expect((await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/desist`, {})).statusCode).toBe(400);
    const desisted = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/desist`, {
      reasons: 'El ciudadano no envió el plano del predio en el mes que tenía.',
    });
    expect(desisted.statusCode).toBe(200);
    expect(desisted.json()).toMatchObject({
      status: 'desistido',
      trafficLight: { light: 'closed' },
      desistimiento: { declaredOn: '2026-05-01', notifiedOn: null, reposicion: null },
      allowedActions: ['notify-desistimiento', 'reposicion', 'revoke-consent'],
    });
    const told = notifier.to('conv-desist').at(-1);
    expect(told).toMatch(/se archivó por desistimiento/);
    expect(told).toMatch(/Motivos: El ciudadano no envió el plano/);
    expect(told).toMatch(/notificaremos esta decisión personalmente/);
    expect(told).toMatch(/recurso de reposición .* 10 días hábiles/);
    expect(told).toMatch(/puede presentar su solicitud de nuevo/i);

    // Personal notification: the reposición term (10 business days, CPACA art. 76) runs from it; Ascensión (18 May) skipped.
    clock.now = on('2026-05-04');
    const notified = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/notify-desistimiento`, {
      how: 'En la Ventanilla de Atención al Ciudadano; firmó la constancia.',
    });
    expect(notified.json()).toMatchObject({
      status: 'desistido',
      desistimiento: { notifiedOn: '2026-05-04', reposicionUntil: '2026-05-19' },
      allowedActions: ['reposicion', 'revoke-consent'],
    });

    // Only reposición applies: no answer, no completion, no other step.
    const answer = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/answer`, { text: 'Respuesta' });
    expect(answer.statusCode).toBe(422);
    expect(errorOf(answer).code).toBe('CASE_STATE');

    clock.now = on('2026-05-06');
    const appealed = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/reposicion`, {
      grounds: 'Envié el plano el 29 de abril por correo; adjunto la constancia.',
    });
    expect(appealed.json()).toMatchObject({
      status: 'en_reposicion',
      allowedActions: ['resolve-reposicion', 'revoke-consent'],
    });

    clock.now = on('2026-05-08');
    const revoked = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/resolve-reposicion`, {
      outcome: 'revocado',
      reasons: 'El plano sí llegó a tiempo al correo de la entidad.',
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'en_tramite', dueDate: '2026-06-01', closedAt: null });
    expect(notifier.to('conv-desist').at(-1)).toMatch(/Aceptamos su recurso de reposición.*1 de junio de 2026/s);
  });

  it('Ley 1755 art. 18: the citizen withdraws the petition, and the entity may continue it for public interest by a reasoned decision', async () => {
    const filed = await fileIdentified('conv-withdraw');
    await assign(filed.radicado, HACIENDA);
    clock.now = on('2026-04-06');
    const withdrawn = await call(tokens.funcionario, 'POST', `/api/v1/cases/${filed.radicado}/withdraw`, {
      note: 'La ciudadana llamó y pidió retirarla.',
    });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toMatchObject({
      status: 'retirado',
      trafficLight: { light: 'closed' },
      withdrawal: { withdrawnOn: '2026-04-06' },
      allowedActions: ['continue-public-interest', 'revoke-consent'],
    });
    expect(notifier.to('conv-withdraw').at(-1)).toMatch(/retiró su solicitud .*interés público/s);

    // Continuing needs the reasons of public interest.
    expect(
      (await call(tokens.funcionario, 'POST', `/api/v1/cases/${filed.radicado}/continue-public-interest`, {}))
        .statusCode,
    ).toBe(400);
    const continued = await call(
      tokens.funcionario,
      'POST',
      `/api/v1/cases/${filed.radicado}/continue-public-interest`,
      {
        reasons: 'El daño de la vía afecta a toda la vereda.',
      },
    );
    expect(continued.statusCode).toBe(200);
    // The term was not suspended: the case goes on with its due date.
    expect(continued.json()).toMatchObject({ status: 'en_tramite', dueDate: '2026-04-21', closedAt: null });
    expect(notifier.to('conv-withdraw').at(-1)).toMatch(
      /decidió continuar el trámite por interés público.*Motivos: El daño de la vía/s,
    );
  });

  it('Ley 1755 art. 14 par.: an extension the citizen was never told of does not count', async () => {
    const extension = { newDueDate: '2026-05-12', reasons: 'Se necesita una visita técnica al predio.' };

    // On a chat that cannot deliver the notice, the extension is undone: the due date stays.
    const unreachable = await fileIdentified('conv-unreachable');
    notifier.failing.add('conv-unreachable');
    clock.now = on('2026-04-20');
    const undone = (
      await call(tokens.gestor, 'POST', `/api/v1/cases/${unreachable.radicado}/extend`, extension)
    ).json();
    expect(undone).toMatchObject({
      dueDate: '2026-04-21',
      extension: null,
      allowedActions: expect.arrayContaining(['extend']),
    });
    expect(undone.history.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['extended', 'citizen_not_notified', 'extended_void']),
    );

    // Registered at the counter, with no chat: the official must record how the citizen was told.
    clock.now = on('2026-03-27');
    const inPerson = (
      await call(tokens.gestor, 'POST', '/api/v1/cases', {
        type: 'peticion',
        requester: { name: 'Pedro Presencial', email: 'pedro@example.com' },
        description: 'Solicita la revisión del avalúo de su predio.',
      })
    ).json();
    clock.now = on('2026-04-20');
    const untold = await call(tokens.gestor, 'POST', `/api/v1/cases/${inPerson.radicado}/extend`, extension);
    expect(untold.statusCode).toBe(422);
    expect(errorOf(untold).code).toBe('EXTENSION_NOT_NOTIFIED');
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${inPerson.radicado}`)).json().dueDate).toBe('2026-04-21');
    const told = await call(tokens.gestor, 'POST', `/api/v1/cases/${inPerson.radicado}/extend`, {
      ...extension,
      notifiedBy: 'correo',
    });
    expect(told.json()).toMatchObject({ dueDate: '2026-05-12', extension: { notifiedVia: 'correo' } });

    // Anonymous: there is no address, so the extension is published.
    clock.now = on('2026-03-27');
    const anonymous = await service.file(
      { type: 'denuncia', requesterKind: 'anonima', description: 'Cobran por un trámite gratuito en la ventanilla 3.' },
      { channel: 'web', conversationId: 'conv-anon-ext' },
    );
    clock.now = on('2026-04-20');
    const published = await call(tokens.gestor, 'POST', `/api/v1/cases/${anonymous.radicado}/extend`, extension);
    expect(published.json()).toMatchObject({ dueDate: '2026-05-12', extension: { notifiedVia: 'publicacion' } });
    const board = (await call(undefined, 'GET', '/api/v1/public/extensions')).json();
    expect(board.items).toEqual([
      expect.objectContaining({ radicado: anonymous.radicado, newDueDate: '2026-05-12', reasons: extension.reasons }),
    ]);
    expect(JSON.stringify(board)).not.toContain(inPerson.radicado);
  });

  it('offers in each legal state exactly the steps the law allows to the caller, and refuses every other step', async () => {
    const transitions = (await call(tokens.supervisor, 'GET', '/api/v1/case-transitions')).json().items as {
      step: string;
      from: string[];
      article: string;
    }[];
    expect(transitions.map((t) => t.step)).toEqual(caseSteps);
    expect(transitions.find((t) => t.step === 'withdraw')).toMatchObject({
      article: 'Ley 1755 art. 18',
      from: ['radicado', 'en_tramite', 'esperando_ciudadano'],
    });

    const filed = await fileIdentified('conv-steps');
    const actionsOf = async (token: string) =>
      (await call(token, 'GET', `/api/v1/cases/${filed.radicado}`)).json().allowedActions;
    // Ley 1581 art. 8 e: revoking the data authorization is open in every state of an identified case.
    const pending = [
      'request-completion',
      'extend',
      'transfer',
      'no-competent-authority',
      'answer',
      'withdraw',
      'return-for-clarification',
      'reject-disrespectful',
      'prioritize',
      'revoke-consent',
    ];
    expect(await actionsOf(tokens.gestor)).toEqual(['assign', ...pending]);
    expect(await actionsOf(tokens.supervisor)).toEqual([]);

    await assign(filed.radicado, HACIENDA);
    // Deciding competence (transfer, or no competent authority) belongs to the PQRSD office (cases.transfer).
    expect(await actionsOf(tokens.funcionario)).toEqual(
      pending.filter((step) => step !== 'transfer' && step !== 'no-competent-authority'),
    );
    expect(await actionsOf(tokens.gestor)).toEqual(['assign', ...pending]);

    // Every step not offered is refused and changes nothing.
    const bodies: Record<string, unknown> = {
      assign: { dependency: HACIENDA },
      'request-completion': { missing: 'El plano' },
      'completion-received': {},
      extend: { newDueDate: '2026-05-12', reasons: 'Visita técnica.' },
      transfer: { recipient: 'INVÍAS' },
      'no-competent-authority': { reasons: 'Asunto entre particulares.' },
      answer: { text: 'Respuesta.' },
      close: {},
      desist: { reasons: 'No completó.' },
      'notify-desistimiento': { how: 'En persona.' },
      reposicion: { grounds: 'Sí envié.' },
      'resolve-reposicion': { outcome: 'confirmado', reasons: 'No llegó.' },
      withdraw: {},
      'continue-public-interest': { reasons: 'Interés de la vereda.' },
      'return-for-clarification': { what: 'No se entiende qué pide.' },
      'clarification-received': {},
      'archive-unclarified': {},
      'reject-disrespectful': { reasons: 'Insultos.' },
      prioritize: { reason: 'periodista', dueDate: '2026-04-01' },
      'revoke-consent': {},
      insist: { grounds: 'La información es pública.' },
      'refer-to-court': { court: 'Juzgado Administrativo' },
      'court-decision': { outcome: 'confirma' },
      'set-topic': { topic: 'Salud' },
      'refer-to-control-body': { body: 'Personería Municipal' },
    };
    const offered = await actionsOf(tokens.gestor);
    const before = (await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`)).json().version;
    for (const step of caseSteps.filter((name) => !offered.includes(name))) {
      const res = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/${step}`, bodies[step]);
      expect([step, res.statusCode]).toEqual([step, 422]);
    }
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`)).json().version).toBe(before);

    // Waiting for the citizen: only the completion, until their month ends; then only the desistimiento.
    clock.now = on('2026-03-30');
    await call(tokens.funcionario, 'POST', `/api/v1/cases/${filed.radicado}/request-completion`, {
      missing: 'El plano del predio',
    });
    expect(await actionsOf(tokens.funcionario)).toEqual([
      'completion-received',
      'withdraw',
      'reject-disrespectful',
      'revoke-consent',
    ]);
    clock.now = on('2026-05-01');
    expect(await actionsOf(tokens.funcionario)).toEqual([
      'desist',
      'withdraw',
      'reject-disrespectful',
      'revoke-consent',
    ]);
    const late = await call(tokens.funcionario, 'POST', `/api/v1/cases/${filed.radicado}/completion-received`, {});
    expect(errorOf(late).code).toBe('COMPLETION_PERIOD_EXPIRED');

    // Answered: only closing; closed: no change of state, only recording a revoked data authorization.
    const other = await fileIdentified('conv-steps-2');
    await call(tokens.gestor, 'POST', `/api/v1/cases/${other.radicado}/answer`, { text: 'Le respondemos.' });
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${other.radicado}`)).json().allowedActions).toEqual([
      'close',
      'revoke-consent',
    ]);
    const closed = await call(tokens.gestor, 'POST', `/api/v1/cases/${other.radicado}/close`, {});
    expect(closed.json()).toMatchObject({ status: 'cerrado', allowedActions: ['revoke-consent'] });
  });

  it('Ley 1755 art. 19: an unclear petition goes back to be clarified and is archived if not; a disrespectful one is rejected with reasons; a repeated one refers to the earlier answer', async () => {
    // Unclear: returned within 10 business days; the citizen has 10 business days; the term restarts on arrival.
    const unclear = await fileIdentified('conv-unclear');
    clock.now = on('2026-03-30');
    const returned = await call(tokens.gestor, 'POST', `/api/v1/cases/${unclear.radicado}/return-for-clarification`, {
      what: 'No dice de qué predio se trata ni qué trámite quiere.',
    });
    expect(returned.json()).toMatchObject({
      status: 'por_aclarar',
      trafficLight: { light: 'paused' },
      allowedActions: ['reject-disrespectful', 'clarification-received', 'revoke-consent'].sort(
        (a, b) => caseSteps.indexOf(a as never) - caseSteps.indexOf(b as never),
      ),
    });
    // Ten business days from Monday 30 March, Holy Thursday and Friday skipped: 15 April.
    expect(notifier.to('conv-unclear').at(-1)).toMatch(
      /no logramos entender qué nos pide.*15 de abril de 2026.*podrá presentarla de nuevo/s,
    );
    clock.now = on('2026-04-16');
    const archived = await call(tokens.gestor, 'POST', `/api/v1/cases/${unclear.radicado}/archive-unclarified`);
    expect(archived.json()).toMatchObject({
      status: 'archivado',
      trafficLight: { light: 'closed' },
      allowedActions: ['revoke-consent'],
    });
    expect(notifier.to('conv-unclear').at(-1)).toMatch(/Archivamos su solicitud .* Puede presentarla de nuevo/s);

    const clarified = await fileIdentified('conv-clarified');
    await call(tokens.gestor, 'POST', `/api/v1/cases/${clarified.radicado}/return-for-clarification`, {
      what: '¿Qué pide?',
    });
    clock.now = on('2026-04-20');
    const back = await call(tokens.gestor, 'POST', `/api/v1/cases/${clarified.radicado}/clarification-received`);
    expect(back.json()).toMatchObject({ status: 'en_tramite', dueDate: '2026-05-12' });

    // Disrespectful: rejected only with reasons, and the citizen is told they may file it respectfully.
    const rude = await fileIdentified('conv-rude');
    expect(
      (await call(tokens.gestor, 'POST', `/api/v1/cases/${rude.radicado}/reject-disrespectful`, {})).statusCode,
    ).toBe(400);
    const rejected = await call(tokens.gestor, 'POST', `/api/v1/cases/${rude.radicado}/reject-disrespectful`, {
      reasons: 'El texto solo contiene insultos contra los funcionarios.',
    });
    expect(rejected.json()).toMatchObject({ status: 'rechazado', allowedActions: ['revoke-consent'] });
    expect(notifier.to('conv-rude').at(-1)).toMatch(
      /rechazada por su lenguaje irrespetuoso.*presentarla de nuevo en términos respetuosos/s,
    );

    // Repeated: the answer refers to the earlier one and includes it.
    const first = await fileIdentified('conv-first');
    await call(tokens.gestor, 'POST', `/api/v1/cases/${first.radicado}/answer`, {
      text: 'La vía se arreglará en mayo.',
    });
    const repeated = await fileIdentified('conv-repeated');
    const unknown = await call(tokens.gestor, 'POST', `/api/v1/cases/${repeated.radicado}/answer`, {
      text: 'Ver anterior.',
      earlierRadicado: 'PQRSD-2026-999999',
    });
    expect(unknown.statusCode).toBe(400);
    const answered = await call(tokens.gestor, 'POST', `/api/v1/cases/${repeated.radicado}/answer`, {
      text: 'No hay novedades desde entonces.',
      earlierRadicado: first.radicado,
    });
    expect(answered.json()).toMatchObject({ status: 'respondido' });
    expect(notifier.to('conv-repeated').at(-1)).toMatch(
      new RegExp(
        `repite la ${first.radicado}, que respondimos el .*20 de abril de 2026.*La vía se arreglará en mayo\\..*No hay novedades`,
        's',
      ),
    );
  });

  it('Ley 1755 art. 20: a priority petition gets the shorter term the entity sets, urgent measures for imminent harm, and an alert for the dependency', async () => {
    const filed = await fileIdentified('conv-priority');
    await assign(filed.radicado, HACIENDA);
    clock.now = on('2026-03-30');
    const url = `/api/v1/cases/${filed.radicado}/prioritize`;
    // Imminent harm without the urgent measures, or a term that is not shorter, is refused.
    const noMeasures = await call(tokens.funcionario, 'POST', url, {
      reason: 'perjuicio_irremediable',
      dueDate: '2026-04-01',
    });
    expect(errorOf(noMeasures).code).toBe('PRIORITY_MEASURES_REQUIRED');
    const longer = await call(tokens.funcionario, 'POST', url, {
      reason: 'derecho_fundamental',
      dueDate: '2026-04-22',
    });
    expect(errorOf(longer).code).toBe('PRIORITY_NOT_SHORTER');

    const prioritized = await call(tokens.funcionario, 'POST', url, {
      reason: 'perjuicio_irremediable',
      dueDate: '2026-04-01',
      measures: 'Se envió una cuadrilla a asegurar el muro que amenaza caer sobre la vivienda.',
    });
    expect(prioritized.statusCode).toBe(200);
    expect(prioritized.json()).toMatchObject({
      dueDate: '2026-04-01',
      priority: { reason: 'perjuicio_irremediable', previousDueDate: '2026-04-21', setOn: '2026-03-30' },
      trafficLight: { light: 'yellow' },
    });
    expect(prioritized.json().allowedActions).not.toContain('prioritize');
    expect(notifier.to('conv-priority').at(-1)).toMatch(/atención prioritaria.*1 de abril de 2026/s);
    const reminders = (await call(tokens.funcionario, 'GET', '/api/v1/reminders')).json().items;
    expect(reminders[0]).toMatchObject({
      kind: 'priority_alert',
      radicado: filed.radicado,
      dependency: HACIENDA,
      dueDate: '2026-04-01',
    });
  });

  it('Ley 1581 art. 8 e: an official records a revoked data authorization; the case goes on and an anonymous case is not offered it', async () => {
    const filed = await fileIdentified('conv-revoke');
    const res = await call(tokens.funcionario, 'POST', `/api/v1/cases/${filed.radicado}/revoke-consent`, {
      note: 'Carta radicada en la ventanilla.',
    });
    // A funcionario does not see an unassigned case of another dependency; the gestor records it.
    expect(res.statusCode).toBe(404);
    const done = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/revoke-consent`, {
      note: 'Carta radicada en la ventanilla.',
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'radicado',
      allowedActions: expect.arrayContaining(['answer', 'revoke-consent']),
    });
    expect(done.json().history.at(-1)).toMatchObject({ kind: 'citizen_notified' });
    expect(done.json().history.map((e: { kind: string }) => e.kind)).toContain('consent_revoked');
    const row = await database.prisma.pqrsdCase.findFirstOrThrow({ where: { radicado: filed.radicado } });
    const consent = await database.prisma.consent.findUniqueOrThrow({ where: { id: row.consentId ?? '' } });
    expect(consent).toMatchObject({ revokedVia: 'consola' });
    expect(consent.revokedAt).toBeInstanceOf(Date);
    expect(notifier.sent.at(-1)?.text).toMatch(/retiró su autorización .* se seguirá tramitando/);

    const anonymous = await service.file(
      { type: 'denuncia', requesterKind: 'anonima', description: 'Cobran por un trámite gratuito en la ventanilla 3.' },
      { channel: 'web' },
    );
    const view = (await call(tokens.gestor, 'GET', `/api/v1/cases/${anonymous.radicado}`)).json();
    expect(view.allowedActions).not.toContain('revoke-consent');
    const refused = await call(tokens.gestor, 'POST', `/api/v1/cases/${anonymous.radicado}/revoke-consent`, {});
    expect(errorOf(refused).code).toBe('CASE_STATE');
  });

  it('Ley 1581 art. 15: a habeas-data reclamo gets 15 business days, extendable by 8 and no more', async () => {
    const filed = await fileIdentified('conv-habeas', {
      type: 'habeas_data_reclamo',
      description: 'Pido corregir mi dirección en la base de datos del SISBÉN.',
    });
    expect(filed.dueDate).toBe('2026-04-21');
    const view = (await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`)).json();
    expect(view).toMatchObject({
      type: 'habeas_data_reclamo',
      typeLabel: 'Reclamo sobre datos personales (habeas data)',
      termDays: 15,
    });
    const tooFar = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/extend`, {
      newDueDate: '2026-05-05',
      reasons: 'Verificación con el SISBÉN.',
    });
    expect(errorOf(tooFar).code).toBe('EXTENSION_BEYOND_LEGAL_LIMIT');
    const extended = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/extend`, {
      newDueDate: '2026-05-04',
      reasons: 'Verificación con el SISBÉN.',
    });
    expect(extended.json()).toMatchObject({ dueDate: '2026-05-04' });
  });

  it('Ley 1755 arts. 24-26: information is denied only citing the legal reserve, and the citizen may insist within 10 business days; the file goes to the administrative court', async () => {
    const filed = await fileIdentified('conv-reserva', {
      type: 'solicitud_informacion',
      description: 'Pido copia de las hojas de vida de los escoltas del alcalde.',
    });
    const bare = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/answer`, {
      text: 'No es posible entregarla.',
      denied: true,
    });
    expect(errorOf(bare).code).toBe('DENIAL_RESERVE_REQUIRED');
    const denied = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/answer`, {
      text: 'No es posible entregar las hojas de vida.',
      denied: true,
      reserve: 'la Ley 1712 de 2014, art. 18 a (derecho a la intimidad) y art. 19 a (seguridad)',
    });
    expect(denied.json()).toMatchObject({
      status: 'respondido',
      informationDenied: true,
      allowedActions: ['close', 'insist', 'revoke-consent'],
    });
    const told = notifier.to('conv-reserva').at(-1) ?? '';
    expect(told).toMatch(/reservada según la Ley 1712 de 2014, art\. 18 a/);
    // Friday 27 March + 10 business days (Holy Week 2-3 April): 14 April.
    expect(told).toMatch(/insistir por escrito.*14 de abril de 2026.*juez administrativo.*art\. 26/s);

    // After the 10 business days the insistence is no longer offered and is refused.
    clock.now = on('2026-04-15');
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`)).json().allowedActions).toEqual([
      'close',
      'revoke-consent',
    ]);
    expect(
      errorOf(
        await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/insist`, {
          grounds: 'La información es pública.',
        }),
      ).code,
    ).toBe('INSISTENCE_LATE');

    clock.now = on('2026-04-14');
    const insisted = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/insist`, {
      grounds: 'Solo pido los cargos, no los datos personales.',
    });
    expect(insisted.json()).toMatchObject({
      status: 'en_insistencia',
      allowedActions: ['refer-to-court', 'revoke-consent'],
    });
    const referred = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/refer-to-court`, {
      court: 'Juzgado Primero Administrativo de San Isidro del Río',
    });
    expect(referred.json()).toMatchObject({
      status: 'ante_juez',
      allowedActions: ['court-decision', 'revoke-consent'],
    });
    const ordered = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/court-decision`, {
      outcome: 'ordena_entrega',
    });
    // The court ordered delivery: the information term (10 business days) runs again from the decision.
    expect(ordered.json()).toMatchObject({ status: 'en_tramite', informationDenied: false, dueDate: '2026-04-28' });
    expect(ordered.json().allowedActions).toContain('answer');

    // An answer that grants access, and any answer to a petition, offers no insistence.
    const granted = await fileIdentified('conv-reserva-2', { type: 'solicitud_informacion' });
    const answered = await call(tokens.gestor, 'POST', `/api/v1/cases/${granted.radicado}/answer`, {
      text: 'Adjuntamos la información.',
    });
    expect(answered.json().allowedActions).toEqual(['close', 'revoke-consent']);
    expect(
      errorOf(await call(tokens.gestor, 'POST', `/api/v1/cases/${granted.radicado}/insist`, { grounds: 'x' })).code,
    ).toBe('NOT_DENIED');
  });

  it('a transfer notifies the citizen and is marked late after 5 business days', async () => {
    const onTime = await fileIdentified('conv-transfer-1');
    const late = await fileIdentified('conv-transfer-2');
    const recipient = 'Instituto Nacional de Vías (INVÍAS)';

    // Receipt Friday 2026-03-27: the 5th business day is 2026-04-07 (Holy Thursday and Friday do not count).
    clock.now = on('2026-04-07');
    const first = await call(tokens.gestor, 'POST', `/api/v1/cases/${onTime.radicado}/transfer`, { recipient });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'trasladado', transfer: { late: false, deadline: '2026-04-07' } });

    clock.now = on('2026-04-08');
    const second = await call(tokens.gestor, 'POST', `/api/v1/cases/${late.radicado}/transfer`, {
      recipient,
      reasons: 'La vía es nacional.',
    });
    expect(second.statusCode).toBe(200);
    const view = second.json();
    expect(view).toMatchObject({ status: 'trasladado', transfer: { late: true, recipient } });
    expect(view.history.find((e: { kind: string }) => e.kind === 'transferred')).toMatchObject({
      actor: 'Gloria Gestora',
      data: { late: true, recipient },
    });

    for (const conversation of ['conv-transfer-1', 'conv-transfer-2']) {
      const notices = notifier.to(conversation);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(recipient);
    }
  });

  it('an answer to an identified case goes to the citizen; one to an anonymous case is published and sent to no one', async () => {
    const identified = await fileIdentified('conv-answer');
    const anonymous = await service.file(
      { type: 'queja', requesterKind: 'anonima', description: 'El puesto de salud de la vereda abre tarde.' },
      { channel: 'web', conversationId: 'conv-anonima' },
    );
    expect(anonymous.lookupCode).toBeTruthy();

    clock.now = on('2026-04-06');
    const text = 'La vía se repara en mayo según el plan de obras.';
    const first = await call(tokens.gestor, 'POST', `/api/v1/cases/${identified.radicado}/answer`, { text });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ status: 'respondido', answer: text, answerPublished: false });
    expect(notifier.to('conv-answer')).toEqual([`Respuesta a su solicitud ${identified.radicado}:\n${text}`]);
    // Where only a template may go out (WhatsApp after 24 hours), the notice says which case and what happened.
    expect(notifier.sent.find((n) => n.conversationId === 'conv-answer')?.template).toEqual({
      purpose: 'aviso_caso',
      params: { radicado: identified.radicado, novedad: 'ya tiene respuesta' },
    });

    const published = 'Desde el 1 de mayo el puesto de salud abre a las 7:00.';
    const second = await call(tokens.gestor, 'POST', `/api/v1/cases/${anonymous.radicado}/answer`, { text: published });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'respondido', answerPublished: true, requester: null });
    expect(notifier.to('conv-anonima')).toEqual([]);
    expect(notifier.sent).toHaveLength(1);

    const pub = await app.inject({ url: '/api/v1/public/answers' });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toEqual({
      items: [
        {
          radicado: anonymous.radicado,
          type: 'queja',
          receivedAt: on('2026-03-27').toISOString(),
          answeredAt: on('2026-04-06').toISOString(),
          answer: published,
        },
      ],
    });
    // Closing needs the answer first; a step whose fields are all optional may come with no body at all.
    const closed = await call(tokens.gestor, 'POST', `/api/v1/cases/${identified.radicado.toLowerCase()}/close`);
    expect(closed.statusCode).toBe(200);
    expect(closed.json().status).toBe('cerrado');
  });

  it('refuses a change made on a stale version with 409 CASE_CHANGED', async () => {
    const filed = await fileIdentified('conv-version');
    const read = await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`);
    const version = read.json().version as number;

    const first = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/assign`, {
      dependency: HACIENDA,
      version,
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).not.toBe(version);

    clock.now = new Date(clock.now.getTime() + 60_000);
    const stale = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/assign`, {
      dependency: GOBIERNO,
      version,
    });
    expect(stale.statusCode).toBe(409);
    expect(errorOf(stale).code).toBe('CASE_CHANGED');
    expect(errorOf(stale).message).toMatch(/Recárguelo/);
    expect((await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`)).json().dependency).toBe(HACIENDA);

    const fresh = await call(tokens.gestor, 'POST', `/api/v1/cases/${filed.radicado}/assign`, {
      dependency: GOBIERNO,
      version: first.json().version,
    });
    expect(fresh.statusCode).toBe(200);
  });

  it('answers 400 to a bad body and 413 to a body over 64 KiB, with Spanish messages', async () => {
    const filed = await fileIdentified('conv-bad');
    const base = `/api/v1/cases/${filed.radicado}`;

    const tomorrow = await call(tokens.gestor, 'POST', `${base}/extend`, {
      newDueDate: 'mañana',
      reasons: 'Carga de trabajo.',
    });
    expect(tomorrow.statusCode).toBe(400);
    expect(errorOf(tomorrow)).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: 'La solicitud tiene datos que no son válidos.',
    });
    expect(tomorrow.json().error.details).toEqual([
      { path: '/newDueDate', message: 'Fecha no válida: use el formato AAAA-MM-DD, por ejemplo 2026-03-27.' },
    ]);

    const unknownField = await call(tokens.gestor, 'POST', `${base}/assign`, {
      dependency: HACIENDA,
      prioridad: 'alta',
    });
    expect(unknownField.statusCode).toBe(400);
    expect(JSON.stringify(unknownField.json().error.details)).toContain('prioridad');

    const missing = await call(tokens.gestor, 'POST', `${base}/transfer`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details[0]).toMatchObject({
      path: '/recipient',
      message: expect.stringMatching(/se esperaba texto/),
    });

    const badQuery = await call(tokens.gestor, 'GET', '/api/v1/cases?limit=mil&light=morado');
    expect(badQuery.statusCode).toBe(400);

    const huge = 'a'.repeat(65 * 1024);
    const tooLarge = await call(tokens.gestor, 'POST', `${base}/answer`, { text: huge });
    expect(tooLarge.statusCode).toBe(413);
    expect(errorOf(tooLarge)).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: 'El contenido enviado es demasiado grande.',
    });
    const tooLargeFiling = await call(tokens.gestor, 'POST', '/api/v1/cases', { type: 'peticion', description: huge });
    expect(tooLargeFiling.statusCode).toBe(413);

    const unknownDependency = await call(tokens.gestor, 'POST', `${base}/assign`, {
      dependency: 'Secretaría de Cultura',
    });
    expect(unknownDependency.statusCode).toBe(400);
    expect(errorOf(unknownDependency).code).toBe('DEPENDENCY_UNKNOWN');
    expect(errorOf(unknownDependency).message).toContain('Secretaría de Hacienda');
  });

  it('refuses assignment to a supervisor with 403 FORBIDDEN', async () => {
    const filed = await fileIdentified('conv-supervisor');
    const res = await call(tokens.supervisor, 'POST', `/api/v1/cases/${filed.radicado}/assign`, {
      dependency: HACIENDA,
    });
    expect(res.statusCode).toBe(403);
    expect(errorOf(res)).toEqual({ code: 'FORBIDDEN', message: 'Su rol no le permite hacer este cambio.' });
    expect((await call(tokens.supervisor, 'GET', `/api/v1/cases/${filed.radicado}`)).json().dependency).toBeNull();
  });

  it('Decreto 1166 de 2016: a petition an official registers is recorded as verbal only when it was made verbally', async () => {
    const written = await call(tokens.gestor, 'POST', '/api/v1/cases', {
      type: 'peticion',
      requester: { name: 'Pedro Presencial' },
      description: 'Entrega por escrito en la ventanilla una solicitud de poda del árbol de su cuadra.',
    });
    const verbal = await call(tokens.gestor, 'POST', '/api/v1/cases', {
      type: 'queja',
      requester: { name: 'Rosa Verbal' },
      description: 'Cuenta en la ventanilla que en el puesto de salud no la atendieron.',
      verbal: true,
      consent: { policyVersion: '2026-01', decision: 'rechazado' },
    });
    expect([written.statusCode, verbal.statusCode]).toEqual([201, 201]);
    const filedEvent = async (radicado: string) =>
      (await call(tokens.gestor, 'GET', `/api/v1/cases/${radicado}`)).json().history[0].data;
    expect(await filedEvent(written.json().radicado)).toMatchObject({
      registeredBy: 'Gloria Gestora',
      verbal: false,
      dataNotice: { shown: false },
    });
    expect(await filedEvent(verbal.json().radicado)).toMatchObject({
      registeredBy: 'Gloria Gestora',
      verbal: true,
      dataNotice: { shown: true, decision: 'rechazado' },
    });
  });

  it('registers a petition received in person: radicado and due date, the official in the history, one radicado per idempotency key', async () => {
    const body = {
      type: 'peticion',
      requester: { name: 'Pedro Presencial', document: { type: 'CC', number: '1020304050' } },
      description: 'Pide copia del plano de la manzana 12 del barrio Centro.',
      consent: { policyVersion: '2026-01' },
    };
    const headers = { authorization: `Bearer ${tokens.gestor}`, 'idempotency-key': 'ventanilla-1-000123' };
    const created = await app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: body });
    expect(created.statusCode).toBe(201);
    const filed = created.json();
    expect(filed).toEqual({ radicado: 'PQRSD-2026-000001', dueDate: '2026-04-21' });

    const again = await app.inject({ method: 'POST', url: '/api/v1/cases', headers, payload: body });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(filed);

    const view = (await call(tokens.gestor, 'GET', `/api/v1/cases/${filed.radicado}`)).json();
    expect(view).toMatchObject({
      channel: 'presencial',
      requester: { name: 'Pedro Presencial', documentNumber: '1020304050' },
    });
    expect(view.history[0]).toMatchObject({
      kind: 'filed',
      actor: 'Gloria Gestora',
      data: { registeredBy: 'Gloria Gestora', verbal: false },
    });
    const row = await database.prisma.pqrsdCase.findFirstOrThrow({ where: { radicado: filed.radicado } });
    const consent = await database.prisma.consent.findUniqueOrThrow({ where: { id: row.consentId ?? '' } });
    expect(consent).toMatchObject({ policyVersion: '2026-01', channel: 'presencial' });

    const anonymous = await call(tokens.gestor, 'POST', '/api/v1/cases', {
      type: 'denuncia',
      requesterKind: 'anonima',
      description: 'Cobran por un trámite que es gratuito en la ventanilla del primer piso.',
    });
    expect(anonymous.statusCode).toBe(201);
    expect(anonymous.json().lookupCode).toEqual(expect.any(String));

    const byFuncionario = await call(tokens.funcionario, 'POST', '/api/v1/cases', body);
    expect(byFuncionario.statusCode).toBe(403);
    expect(errorOf(byFuncionario).code).toBe('FORBIDDEN');
  });

  it('gives supervisors the PQRSD report as JSON or CSV, without the requester, and refuses it to a funcionario', async () => {
    const filed = await fileIdentified('conv-report', {
      type: 'denuncia',
      requester: { name: 'Denunciante Reservado Gómez', document: { type: 'CC', number: '80123456' } },
    });
    await fileIdentified('conv-report-2', { type: 'solicitud_informacion' });
    const json = await call(tokens.supervisor, 'GET', '/api/v1/reports/pqrsd?from=2026-03-01&to=2026-03-31');
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ totals: { received: 2 }, informationRequests: { received: 1 } });
    const csv = await call(tokens.control, 'GET', '/api/v1/reports/pqrsd?from=2026-03-01&to=2026-03-31&format=csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain(filed.radicado);
    for (const body of [json.body, csv.body]) {
      expect(body).not.toContain('Denunciante');
      expect(body).not.toContain('80123456');
    }
    const refused = await call(tokens.funcionario, 'GET', '/api/v1/reports/pqrsd?from=2026-03-01&to=2026-03-31');
    expect(refused.statusCode).toBe(403);
    const backwards = await call(tokens.supervisor, 'GET', '/api/v1/reports/pqrsd?from=2026-04-01&to=2026-03-01');
    expect(backwards.statusCode).toBe(400);
    expect(errorOf(backwards).message).toMatch(/posterior/);
  });
});
