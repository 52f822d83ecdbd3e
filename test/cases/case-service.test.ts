import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseError } from '../../src/cases/service/case-error.js';
import { CaseService, reminderJobKind } from '../../src/cases/service/case-service.js';
import { StatusLookup } from '../../src/cases/service/status-lookup.js';
import { JobScheduler } from '../../src/core/job-scheduler.js';
import type { Database } from '../../src/db/database.js';
import { repoRoot } from '../support/cli-process.js';
import { staffActor } from '../../src/staff/staff-member.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';
import { d } from './helpers.js';

/** A clock the test moves; Colombia is UTC-5, so 14:00Z is 09:00 in Bogotá. */
class Clock {
  constructor(public t: Date) {}
  now = () => new Date(this.t);
  set(iso: string): void {
    this.t = new Date(iso);
  }
}

/** Every log line, at every level, so a test can prove personal data never reaches them. */
function capturingLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), text: () => lines.join('') };
}

const execFileAsync = promisify(execFile);

const gestor = (entityId: string) =>
  staffActor({ id: 'g1', entityId, name: 'Gestora Uno', roles: ['gestor'], dependency: null });

describe.each(testProviders)('case service on %s', (provider) => {
  let opened: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let database: Database;
  let entityId: string;
  let clock: Clock;
  let logs: ReturnType<typeof capturingLogger>;

  const service = (extra: Partial<ConstructorParameters<typeof CaseService>[0]> = {}) =>
    new CaseService({
      prisma: database.prisma,
      entityId,
      settings: parsePqrsdSettings({ pqrsd: { dependencias: ['Secretaría de Hacienda', 'Secretaría de Gobierno'] } }),
      logger: logs.logger,
      now: clock.now,
      ...extra,
    });

  beforeEach(async () => {
    opened = await openMigratedDatabase(provider);
    database = opened.database;
    clock = new Clock(new Date('2026-03-27T14:00:00Z'));
    logs = capturingLogger();
    const entity = await database.prisma.entity.create({
      data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings: {} },
    });
    entityId = entity.id;
  });
  afterEach(async () => {
    await opened.close();
  });

  async function consent(cases: CaseService, conversationId?: string) {
    return (
      await cases.recordConsent({
        channel: 'web',
        policyVersion: '2026-01',
        ...(conversationId ? { conversationId } : {}),
      })
    ).id;
  }

  it('gives concurrent filings distinct, consecutive radicados, also while another process files', async () => {
    const cases = service();
    const consentId = await consent(cases);
    // The other process: a second Prisma client with its own connections, as the CLI beside the server would be.
    const other = execFileAsync(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'test/support/file-cases-process.ts'), opened.url, entityId, '12'],
      {
        cwd: repoRoot,
      },
    );
    const here = Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        cases.file(
          { type: 'peticion', description: `Solicitud número ${i}`, requester: { name: 'Ana' } },
          { channel: 'web', consentId },
        ),
      ),
    );
    const [{ stdout }, filedHere] = await Promise.all([other, here]);
    const numbers = [...(JSON.parse(stdout) as string[]), ...filedHere.map((f) => f.radicado)].sort();
    expect(numbers).toEqual(Array.from({ length: 24 }, (_, i) => `PQRSD-2026-${String(i + 1).padStart(6, '0')}`));
    expect(filedHere.every((f) => f.dueDate === '2026-04-21')).toBe(true);
  }, 60_000);

  it('restarts the sequence on 1 January and never reuses a number', async () => {
    const cases = service();
    const consentId = await consent(cases);
    clock.set('2026-12-31T22:00:00Z'); // 17:00 on 31 December in Bogotá
    const last = await cases.file({ type: 'queja', description: 'Queja de fin de año' }, { channel: 'web', consentId });
    clock.set('2027-01-01T04:59:00Z'); // still 31 December in Bogotá
    const sameYear = await cases.file({ type: 'queja', description: 'Otra' }, { channel: 'web', consentId });
    clock.set('2027-01-01T05:00:00Z'); // midnight in Bogotá: a new year
    const first = await cases.file({ type: 'queja', description: 'Primera de 2027' }, { channel: 'web', consentId });
    expect([last.radicado, sameYear.radicado, first.radicado]).toEqual([
      'PQRSD-2026-000001',
      'PQRSD-2026-000002',
      'PQRSD-2027-000001',
    ]);
    // 31 Dec 2026 is a Thursday; 1 Jan is a holiday; 15 business days later, skipping Reyes (11 Jan 2027).
    expect(last.dueDate).toBe('2027-01-25');
  });

  it('files once when the same turn runs twice', async () => {
    const cases = service();
    const consentId = await consent(cases);
    const origin = { channel: 'web', consentId, idempotencyKey: 'turn-1:0' };
    const first = await cases.file({ type: 'reclamo', description: 'Cobro doble' }, origin);
    const again = await cases.file({ type: 'reclamo', description: 'Cobro doble' }, origin);
    expect(again).toMatchObject({ radicado: first.radicado, duplicate: true });
    expect(await database.prisma.pqrsdCase.count()).toBe(1);
  });

  it('Ley 1755 art. 15 par. 2: a petition is filed when the citizen declines the data notice', async () => {
    const cases = service();
    const declined = await cases.recordConsent({ channel: 'web', conversationId: 'conv-1', decision: 'rechazado' });
    expect(await cases.consentOf('conv-1')).toBe(declined.id);
    const filed = await cases.file(
      {
        type: 'peticion',
        description: 'Pido que arreglen el alumbrado de la calle 8',
        requester: { name: 'Ana', address: 'Calle 8 # 5-12' },
      },
      { channel: 'web', consentId: declined.id },
    );
    // The citizen gets a radicado and a due date like anyone else.
    expect(filed).toMatchObject({ radicado: 'PQRSD-2026-000001', dueDate: '2026-04-21' });
    const row = await database.prisma.pqrsdCase.findFirstOrThrow({ include: { requester: true, events: true } });
    expect(row.requester).toMatchObject({ name: 'Ana', address: 'Calle 8 # 5-12' });
    expect(row.consentId).toBe(declined.id);
    expect(row.events[0]?.data).toMatchObject({ dataNotice: { shown: true, decision: 'rechazado' } });
    expect(await database.prisma.consent.findUniqueOrThrow({ where: { id: declined.id } })).toMatchObject({
      decision: 'rechazado',
    });

    // A filing path that never showed the notice still files, and the history says the notice was not shown.
    const unshown = await cases.file(
      { type: 'queja', description: 'Me atendieron mal', requester: { name: 'Luis' } },
      { channel: 'web' },
    );
    expect(unshown.radicado).toBe('PQRSD-2026-000002');
    const event = await database.prisma.caseEvent.findFirstOrThrow({
      where: { case: { radicado: unshown.radicado }, kind: 'filed' },
    });
    expect(event.data).toMatchObject({ dataNotice: { shown: false } });

    const anonymous = await cases.file(
      { type: 'denuncia', requesterKind: 'anonima', description: 'Cobran por un trámite gratuito en la ventanilla 3' },
      { channel: 'web' },
    );
    expect(anonymous.lookupCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const anon = await database.prisma.pqrsdCase.findFirstOrThrow({
      where: { radicado: anonymous.radicado },
      include: { requester: true },
    });
    expect(anon).toMatchObject({
      requesterKind: 'anonima',
      replyChannel: 'publicacion',
      requester: null,
      identityReserved: false,
    });
    expect(anon.lookupCodeHash).not.toContain(anonymous.lookupCode);
  });

  it('Ley 1581 art. 9: a filing records whether the accepted notice is the version in force (entity.yaml) and not revoked', async () => {
    const cases = service({
      settings: parsePqrsdSettings({ pqrsd: { politicaDatos: { version: '2026-02' } } }),
    });
    // The version in force is the default: a flow names none.
    const current = await cases.recordConsent({ channel: 'web', conversationId: 'conv-a' });
    expect(current.policyVersion).toBe('2026-02');
    const old = await cases.recordConsent({ channel: 'web', conversationId: 'conv-b', policyVersion: '2025-01' });
    const onCurrent = await cases.file(
      { type: 'peticion', description: 'Alumbrado de la calle 8', requester: { name: 'Ana' } },
      { channel: 'web', consentId: current.id },
    );
    const onOld = await cases.file(
      { type: 'peticion', description: 'Poda de un árbol', requester: { name: 'Luis' } },
      { channel: 'web', consentId: old.id },
    );
    const filedEvent = async (radicado: string) =>
      (await database.prisma.caseEvent.findFirstOrThrow({ where: { case: { radicado }, kind: 'filed' } })).data;
    expect(await filedEvent(onCurrent.radicado)).toMatchObject({
      dataNotice: { shown: true, decision: 'aceptado', policyVersion: '2026-02', inForce: true },
    });
    // Filed all the same (Ley 1755 art. 15 par. 2), but the history says the acceptance was of an outdated notice.
    expect(await filedEvent(onOld.radicado)).toMatchObject({
      dataNotice: { shown: true, decision: 'aceptado', policyVersion: '2025-01', inForce: false },
    });
  });

  it('Ley 1581 art. 8 e: a revoked authorization is recorded with its time and channel, and a later filing does not rest on it', async () => {
    const cases = service();
    const accepted = await cases.recordConsent({ channel: 'web', conversationId: 'conv-1', contactId: 'contact-1' });
    const declined = await cases.recordConsent({
      channel: 'web',
      conversationId: 'conv-2',
      contactId: 'contact-1',
      decision: 'rechazado',
    });
    clock.set('2026-03-30T15:00:00Z');
    expect(await cases.revokeConsent({ contactId: 'contact-1', via: 'chat' })).toMatchObject({ revoked: 1 });
    const row = await database.prisma.consent.findUniqueOrThrow({ where: { id: accepted.id } });
    expect(row).toMatchObject({ revokedVia: 'chat', revokedAt: new Date('2026-03-30T15:00:00Z') });
    // A declined notice authorised nothing, so there is nothing to revoke.
    expect((await database.prisma.consent.findUniqueOrThrow({ where: { id: declined.id } })).revokedAt).toBeNull();
    expect(await cases.consentOf('conv-1')).toBeNull();
    // Revoking twice changes nothing: the first revocation's time stands.
    expect(await cases.revokeConsent({ contactId: 'contact-1', via: 'consola' })).toMatchObject({ revoked: 0 });
  });

  it('AGN Acuerdo 060 de 2001: radicado numbers follow the order of receipt when 30 citizens file at once', async () => {
    // The real clock: the order of receipt is what the test checks.
    const cases = service({ now: () => new Date() });
    const filed = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        cases.file(
          { type: 'denuncia', requesterKind: 'anonima', description: `Denuncia número ${i}` },
          { channel: 'web' },
        ),
      ),
    );
    expect(new Set(filed.map((f) => f.radicado)).size).toBe(30);
    const rows = await database.prisma.pqrsdCase.findMany({
      orderBy: { sequence: 'asc' },
      select: { sequence: true, receivedAt: true },
    });
    const outOfOrder = rows.filter((row, i) => i > 0 && row.receivedAt.getTime() < rows[i - 1]!.receivedAt.getTime());
    expect(outOfOrder).toEqual([]);
  });

  it('refuses a NIT whose check digit is wrong, with a message that says which digit is expected', async () => {
    const cases = service();
    const consentId = await consent(cases);
    const filing = cases.file(
      {
        type: 'peticion',
        requesterKind: 'juridica',
        description: 'x',
        requester: { name: 'Empresa SAS', document: { type: 'NIT', number: '899999068-3' } },
      },
      { channel: 'web', consentId },
    );
    await expect(filing).rejects.toThrow(CaseError);
    await expect(filing).rejects.toThrow(/dígito esperado es 1/);
  });

  it('keeps a denunciante identity out of the logs at every level', async () => {
    const cases = service();
    const consentId = await consent(cases);
    const filed = await cases.file(
      {
        type: 'denuncia',
        description: 'El funcionario pidió dinero',
        requester: {
          name: 'Denunciante Reservado Gómez',
          document: { type: 'CC', number: '80123456' },
          email: 'reservado@example.com',
          phone: '3001234567',
        },
      },
      { channel: 'web', consentId },
    );
    const lookup = new StatusLookup(database.prisma, entityId, cases.settings, clock.now);
    await lookup.lookup({ radicado: filed.radicado, documentNumber: '80123456' });
    await cases.assign(gestor(entityId), filed.radicado, { dependency: 'Secretaría de Gobierno' });
    const row = await database.prisma.pqrsdCase.findFirstOrThrow();
    expect(row.identityReserved).toBe(true);
    const text = logs.text();
    expect(text).toContain(filed.radicado);
    for (const secret of ['Denunciante', 'Gómez', '80123456', 'reservado@example.com', '3001234567'])
      expect(text).not.toContain(secret);
  });

  describe('status lookup', () => {
    async function filedCase(cases: CaseService) {
      const consentId = await consent(cases);
      return cases.file(
        {
          type: 'peticion',
          description: 'Certificado de residencia',
          requester: { name: 'Ana', document: { type: 'CC', number: '1.020.304.050' } },
        },
        { channel: 'web', consentId },
      );
    }

    it('shows the status with the right document and reveals nothing with a wrong one', async () => {
      const cases = service();
      const filed = await filedCase(cases);
      const lookup = new StatusLookup(database.prisma, entityId, cases.settings, clock.now);
      const right = await lookup.lookup({ radicado: filed.radicado.toLowerCase(), documentNumber: 'CC 1020304050' });
      expect(right).toMatchObject({
        found: true,
        radicado: filed.radicado,
        tipo: 'Petición',
        vence: expect.stringContaining('21 de abril de 2026'),
      });
      const wrong = await lookup.lookup({ radicado: filed.radicado, documentNumber: '1020304051' });
      const missing = await lookup.lookup({ radicado: 'PQRSD-2026-000999', documentNumber: '1020304050' });
      expect(wrong).toEqual({ found: false, reason: 'no_coincide' });
      expect(missing).toEqual(wrong);
    });

    it('makes each try wait after three wrong ones, per person and per radicado, and survives a new instance', async () => {
      const cases = service();
      const filed = await filedCase(cases);
      const lookup = new StatusLookup(database.prisma, entityId, cases.settings, clock.now);
      for (let i = 0; i < 3; i++) {
        expect(
          await lookup.lookup({ radicado: filed.radicado, documentNumber: `99999${i}`, contactId: 'c1' }),
        ).toMatchObject({ found: false, reason: 'no_coincide' });
      }
      // Another person, even with the right document, must wait: the radicado itself is being guessed.
      const fresh = new StatusLookup(database.prisma, entityId, cases.settings, clock.now);
      expect(await fresh.lookup({ radicado: filed.radicado, documentNumber: '1020304050', contactId: 'c2' })).toEqual({
        found: false,
        reason: 'demasiados_intentos',
        esperaMinutos: 1,
      });
      clock.set('2026-03-27T14:01:01Z');
      expect(
        await fresh.lookup({ radicado: filed.radicado, documentNumber: '1020304050', contactId: 'c2' }),
      ).toMatchObject({ found: true });
      // The success cleared the radicado's counter; the guesser's own counter still slows them down further.
      expect(await lookup.lookup({ radicado: 'PQRSD-2026-000777', documentNumber: '1', contactId: 'c1' })).toEqual({
        found: false,
        reason: 'no_coincide',
      });
      expect(await lookup.lookup({ radicado: 'PQRSD-2026-000778', documentNumber: '1', contactId: 'c1' })).toEqual({
        found: false,
        reason: 'demasiados_intentos',
        esperaMinutos: 2,
      });
    });

    it('follows an anonymous case only with its code', async () => {
      const cases = service();
      const filed = await cases.file(
        { type: 'denuncia', requesterKind: 'anonima', description: 'Obra abandonada' },
        { channel: 'web' },
      );
      const lookup = new StatusLookup(database.prisma, entityId, cases.settings, clock.now);
      const code = (filed.lookupCode ?? '').toLowerCase().replace('-', ' ');
      expect(await lookup.lookup({ radicado: filed.radicado, code })).toMatchObject({ found: true });
      expect(await lookup.lookup({ radicado: filed.radicado, code: 'AAAA-BBBB' })).toEqual({
        found: false,
        reason: 'no_coincide',
      });
      expect(await lookup.lookup({ radicado: filed.radicado, documentNumber: '' })).toEqual({
        found: false,
        reason: 'no_coincide',
      });
    });
  });

  describe('reminders', () => {
    it('reminds the dependency at half the term and two business days before, from timers kept in the database', async () => {
      const jobs = new JobScheduler(database.prisma, logs.logger);
      const cases = service({ timers: jobs });
      jobs.register(reminderJobKind, async ({ caseId }) => cases.runReminder(caseId));
      const consentId = await consent(cases);
      const filed = await cases.file(
        { type: 'peticion', description: 'Arreglo de la vía' },
        { channel: 'web', consentId },
      );
      await cases.assign(gestor(entityId), filed.radicado, { dependency: 'Secretaría de Hacienda' });

      const job = await database.prisma.scheduledJob.findFirstOrThrow({ where: { kind: reminderJobKind.name } });
      // Received Friday 27 March 2026, due 21 April; half of 15 business days is the 7th: 9 April (Holy Week skipped).
      expect(job.runAt.toISOString()).toBe('2026-04-09T13:00:00.000Z');

      // A restart: a new scheduler and service on the same database run the stored timer.
      const restartedJobs = new JobScheduler(database.prisma, logs.logger);
      const restarted = service({ timers: restartedJobs });
      restartedJobs.register(reminderJobKind, async ({ caseId }) => restarted.runReminder(caseId));
      clock.set('2026-04-09T13:00:00Z');
      expect(await restartedJobs.runDue(clock.now())).toBe(1);
      const next = await database.prisma.scheduledJob.findFirstOrThrow({ where: { kind: reminderJobKind.name } });
      expect(next.runAt.toISOString()).toBe('2026-04-17T13:00:00.000Z');
      clock.set('2026-04-17T13:00:00Z');
      await restartedJobs.runDue(clock.now());

      const reminders = await restarted.reminders(gestor(entityId));
      expect(reminders.map((r) => [r.at.slice(0, 10), r.data])).toEqual([
        [
          '2026-04-17',
          expect.objectContaining({
            reason: 'dos_dias_antes',
            businessDaysRemaining: 2,
            dependency: 'Secretaría de Hacienda',
          }),
        ],
        ['2026-04-09', expect.objectContaining({ reason: 'mitad_del_termino', businessDaysRemaining: 8 })],
      ]);

      // Once answered, no more reminders.
      clock.set('2026-04-20T15:00:00Z');
      await restarted.answer(gestor(entityId), filed.radicado, { text: 'La vía se arreglará en mayo.' });
      expect(await database.prisma.scheduledJob.count({ where: { kind: reminderJobKind.name } })).toBe(0);
    });

    it('moves the reminders when the term is extended', async () => {
      const jobs = new JobScheduler(database.prisma, logs.logger);
      const cases = service({ timers: jobs });
      const consentId = await consent(cases);
      const filed = await cases.file({ type: 'peticion', description: 'Licencia' }, { channel: 'web', consentId });
      clock.set('2026-04-20T15:00:00Z');
      await cases.extend(gestor(entityId), filed.radicado, {
        newDueDate: d('2026-05-12'),
        reasons: 'Se necesita una visita técnica.',
        notifiedBy: 'correo',
      });
      const job = await database.prisma.scheduledJob.findFirstOrThrow({ where: { kind: reminderJobKind.name } });
      // Two business days before 12 May 2026.
      expect(job.runAt.toISOString()).toBe('2026-05-08T13:00:00.000Z');
    });
  });
});
