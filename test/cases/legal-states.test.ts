import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePqrsdSettings } from '../../src/cases/pqrsd-settings.js';
import { CaseService, type CaseNotice } from '../../src/cases/service/case-service.js';
import type { Database } from '../../src/db/database.js';
import type { LocalDate } from '../../src/cases/local-date.js';
import { staffActor } from '../../src/staff/staff-member.js';
import { openMigratedDatabase, testProviders } from '../support/test-database.js';

/** A clock the test moves; Colombia is UTC-5, so 14:00Z is 09:00 in Bogotá. */
class Clock {
  constructor(public t: Date) {}
  now = () => new Date(this.t);
  set(iso: string): void {
    this.t = new Date(iso);
  }
}

const gestor = (entityId: string) =>
  staffActor({ id: 'g1', entityId, name: 'Gestora Uno', roles: ['gestor'], dependency: null });

// The legal states of a petition under Ley 1755 de 2015, through the case service on a real database.
describe.each(testProviders)('legal states of a petition on %s', (provider) => {
  let opened: Awaited<ReturnType<typeof openMigratedDatabase>>;
  let database: Database;
  let entityId: string;
  let clock: Clock;
  let notices: { conversationId: string; text: string }[];

  const service = (pqrsd: Record<string, unknown> = {}) =>
    new CaseService({
      prisma: database.prisma,
      entityId,
      settings: parsePqrsdSettings({ pqrsd }),
      logger: pino({ level: 'silent' }),
      now: clock.now,
      notifier: {
        notify: async (conversationId: string, notice: CaseNotice) => {
          notices.push({ conversationId, text: notice.text });
        },
      },
    });

  beforeEach(async () => {
    opened = await openMigratedDatabase(provider);
    database = opened.database;
    // Friday 27 March 2026, 09:00 in Bogotá.
    clock = new Clock(new Date('2026-03-27T14:00:00Z'));
    notices = [];
    const entity = await database.prisma.entity.create({
      data: { slug: 'prueba', name: 'Alcaldía de Prueba', settings: {} },
    });
    entityId = entity.id;
  });
  afterEach(async () => {
    await opened.close();
  });

  async function fileOne(cases: CaseService, type: 'peticion' | 'solicitud_informacion' | 'queja' = 'peticion') {
    const consent = await cases.recordConsent({ channel: 'web', conversationId: 'conv-1' });
    return cases.file(
      { type, description: 'Pido copia del contrato de alumbrado público', requester: { name: 'Ana Pérez' } },
      { channel: 'web', conversationId: 'conv-1', consentId: consent.id },
    );
  }

  it('Ley 1755 art. 14 num. 1: an information request unanswered by day 10 is accepted: access can no longer be denied and copies are due within 3 business days', async () => {
    const cases = service();
    const filed = await fileOne(cases, 'solicitud_informacion');
    expect(filed.dueDate).toBe('2026-04-14');

    // On the due date a reasoned denial is still possible: nothing is deemed accepted yet.
    clock.set('2026-04-14T15:00:00Z');
    expect((await cases.get(gestor(entityId), filed.radicado)).positiveSilence).toBeNull();

    clock.set('2026-04-15T15:00:00Z');
    const late = await cases.get(gestor(entityId), filed.radicado);
    expect(late.positiveSilence).toEqual({ since: '2026-04-15', copiesDue: '2026-04-17' });
    await expect(
      cases.answer(gestor(entityId), filed.radicado, { text: 'Se niega por reserva legal.', denied: true }),
    ).rejects.toMatchObject({
      code: 'POSITIVE_SILENCE',
      message: expect.stringMatching(/se entiende aceptada.*17 de abril de 2026/s),
    });
    const row = await database.prisma.pqrsdCase.findFirstOrThrow();
    expect(row).toMatchObject({ status: 'radicado', informationDenied: false });

    const answered = await cases.answer(gestor(entityId), filed.radicado, { text: 'Adjuntamos copia del contrato.' });
    expect(answered).toMatchObject({ status: 'respondido', informationDenied: false });
    expect(answered.history?.find((e) => e.kind === 'answered')?.data).toMatchObject({
      onTime: false,
      positiveSilence: { since: '2026-04-15', copiesDue: '2026-04-17' },
    });
  });

  it('Ley 1755 art. 14 and Decreto 1166 de 2016: a petition received after hours or on a non-business day counts as received that day, unless the entity documented otherwise', async () => {
    const petition = {
      type: 'peticion' as const,
      description: 'Solicito la poda del árbol de la esquina',
      requesterKind: 'anonima' as const,
    };
    // Saturday 28 March 2026, 10:00, and Friday 27 March, 18:00 (after a 17:00 closing).
    const saturday = '2026-03-28T15:00:00Z';
    const fridayEvening = '2026-03-27T23:00:00Z';

    const byDefault = service();
    clock.set(saturday);
    const onSaturday = await byDefault.file(petition, { channel: 'web' });
    clock.set(fridayEvening);
    const onFridayEvening = await byDefault.file(petition, { channel: 'web' });
    // Received that day: the 15 business days run from Monday 30 March (Holy Thursday and Friday skipped).
    expect([onSaturday.dueDate, onFridayEvening.dueDate]).toEqual(['2026-04-21', '2026-04-21']);

    expect(() => service({ recepcionFueraDeHorario: { modo: 'siguiente_dia_habil', cierre: '17:00' } })).toThrow(
      /acto/,
    );
    const documented = service({
      recepcionFueraDeHorario: { modo: 'siguiente_dia_habil', cierre: '17:00', acto: 'Resolución 120 de 2026, art. 4' },
    });
    clock.set(saturday);
    const nextDaySaturday = await documented.file(petition, { channel: 'web' });
    clock.set(fridayEvening);
    const nextDayEvening = await documented.file(petition, { channel: 'web' });
    clock.set('2026-03-27T21:59:00Z'); // 16:59, before closing
    const beforeClosing = await documented.file(petition, { channel: 'web' });
    // Received Monday 30 March: the term starts on the 31st.
    expect([nextDaySaturday.dueDate, nextDayEvening.dueDate, beforeClosing.dueDate]).toEqual([
      '2026-04-22',
      '2026-04-22',
      '2026-04-21',
    ]);
    // The radicado keeps the real date and time of receipt.
    expect(nextDaySaturday.receivedAt.toISOString()).toBe('2026-03-28T15:00:00.000Z');
  });

  it('Ley 1755 art. 21: when no authority is competent the citizen is told so with the reasons, and the case ends in a state of its own', async () => {
    const cases = service();
    const filed = await fileOne(cases);
    await expect(cases.declareNoCompetence(gestor(entityId), filed.radicado, { reasons: '   ' })).rejects.toMatchObject(
      { code: 'NO_COMPETENCE_REASONS_REQUIRED' },
    );

    const view = await cases.declareNoCompetence(gestor(entityId), filed.radicado, {
      reasons: 'Lo que pide es un asunto entre particulares que ninguna entidad pública resuelve.',
    });
    expect(view.status).toBe('sin_competencia');
    expect(view.statusLabel).toMatch(/ninguna autoridad es competente/);
    expect(view.trafficLight.light).toBe('closed');
    // A final state: nothing is left to do on it but record a revocation of the data authorization.
    expect(view.allowedActions).toEqual(['revoke-consent']);
    expect(notices.at(-1)?.text).toMatch(/ni esta entidad ni otra autoridad es competente/);
    expect(notices.at(-1)?.text).toMatch(/asunto entre particulares/);
    await expect(cases.transfer(gestor(entityId), filed.radicado, { recipient: 'Personería' })).rejects.toMatchObject({
      code: 'CASE_STATE',
    });

    const report = await cases.report(gestor(entityId), {
      from: '2026-03-01' as LocalDate,
      to: '2026-03-31' as LocalDate,
    });
    expect(report.cases[0]).toMatchObject({ outcome: 'sin_competencia', status: 'sin_competencia' });
  });

  it("Ley 1755 art. 21: a verbal petition that is not the entity's competence is told to the citizen at once, with no 5-day term", async () => {
    const cases = service();
    const officer = { id: 'g1', name: 'Gestora Uno' };
    const verbal = await cases.file(
      {
        type: 'peticion',
        description: 'Pregunto por el subsidio de vivienda del departamento',
        requester: { name: 'Luis' },
      },
      { channel: 'presencial', staff: { ...officer, verbal: true } },
    );
    const written = await cases.file(
      {
        type: 'peticion',
        description: 'Carta sobre el subsidio de vivienda del departamento',
        requester: { name: 'Eva' },
      },
      { channel: 'presencial', staff: { ...officer, verbal: false } },
    );

    // Nobody may record it unless the official told the citizen there and then.
    await expect(cases.transfer(gestor(entityId), verbal.radicado, { recipient: 'Gobernación' })).rejects.toMatchObject(
      { code: 'VERBAL_NOT_TOLD_AT_ONCE' },
    );
    const told = await cases.transfer(gestor(entityId), verbal.radicado, {
      recipient: 'Gobernación',
      toldAtOnce: true,
    });
    expect(told.transfer).toMatchObject({ verbal: true, deadline: '2026-03-27', late: false });

    // The next business day: a written petition is still within its 5 business days (Holy Thursday and Friday skipped).
    clock.set('2026-03-30T14:00:00Z');
    const later = await cases.transfer(gestor(entityId), written.radicado, { recipient: 'Gobernación' });
    expect(later.transfer).toMatchObject({ deadline: '2026-04-07', late: false });
    expect(later.transfer?.verbal).toBeUndefined();
  });

  it('Ley 1755 art. 21: a verbal petition told a day later is recorded as late', async () => {
    const cases = service();
    const verbal = await cases.file(
      { type: 'peticion', description: 'Pregunto por el pasaporte', requester: { name: 'Luis' } },
      { channel: 'telefono', staff: { id: 'g1', name: 'Gestora Uno', verbal: true } },
    );
    clock.set('2026-03-30T14:00:00Z');
    const view = await cases.declareNoCompetence(gestor(entityId), verbal.radicado, {
      reasons: 'No es un trámite de ninguna entidad pública.',
      toldAtOnce: true,
    });
    expect(view.history?.find((e) => e.kind === 'no_competent_authority')?.data).toMatchObject({
      verbal: true,
      late: true,
      deadline: '2026-03-27',
    });
  });

  it('Ley 1712 art. 11 h: the report leaves out of response times the days suspended waiting for the citizen', async () => {
    const cases = service();
    const filed = await fileOne(cases);
    // Tuesday 31 March: ask for a completion (2 business days after receipt); it arrives Monday 6 April.
    clock.set('2026-03-31T14:00:00Z');
    await cases.requestCompletion(gestor(entityId), filed.radicado, { missing: 'El número del contrato' });
    clock.set('2026-04-06T14:00:00Z');
    await cases.receiveCompletion(gestor(entityId), filed.radicado, {});
    clock.set('2026-04-08T14:00:00Z');
    await cases.answer(gestor(entityId), filed.radicado, { text: 'Adjuntamos la copia.' });

    const report = await cases.report(gestor(entityId), {
      from: '2026-03-27' as LocalDate,
      to: '2026-03-27' as LocalDate,
    });
    // 27 March to 8 April is 6 business days (Holy Thursday and Friday are holidays); 1 and 6 April were suspended.
    expect(report.cases[0]).toMatchObject({ suspendedBusinessDays: 2, businessDaysToAnswer: 4, outcome: 'a_tiempo' });
    expect(report.timeliness.averageBusinessDays).toBe(4);
  });
});
