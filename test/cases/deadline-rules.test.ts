import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from '../../src/cases/calendar/index.js';
import {
  caseTrafficLight,
  declareDesistimiento,
  dueDateAtFiling,
  extendCompletionPeriod,
  extendDueDate,
  isDesistimientoDue,
  openCaseClock,
  receiveCompletion,
  recordTransfer,
  reminderSchedule,
  requestCompletion,
  termTrafficLight,
  transferDeadline,
} from '../../src/cases/deadline-rules.js';
import type { CaseClock, RuleResult } from '../../src/cases/deadline-rules.js';
import { CaseTermsSettings } from '../../src/cases/terms.js';
import { d } from './helpers.js';

const cal = new BusinessCalendar();
/** Friday 27 March 2026, 10:00 in Bogotá. */
const RECEIVED = new Date('2026-03-27T15:00:00Z');
const peticion = (): CaseClock => openCaseClock({ type: 'peticion', receivedAt: RECEIVED, calendar: cal });

function value<T>(r: RuleResult<T>): T {
  if (!r.ok) throw new Error(`refused: ${r.error.code} ${r.error.message}`);
  return r.value;
}
function code<T>(r: RuleResult<T>): string | undefined {
  return r.ok ? undefined : r.error.code;
}

describe('due date at filing', () => {
  it('counts the term from the day after the receipt date in Colombia', () => {
    const c = peticion();
    expect(c.receivedOn).toBe('2026-03-27');
    expect(c.dueDate).toBe('2026-04-21');
    expect(c.status).toBe('running');
    expect(openCaseClock({ type: 'solicitud_informacion', receivedAt: RECEIVED, calendar: cal }).dueDate).toBe(
      '2026-04-14',
    );
    expect(openCaseClock({ type: 'consulta', receivedAt: RECEIVED, calendar: cal }).dueDate).toBe('2026-05-13');
    expect(dueDateAtFiling(cal, new Date('2025-12-19T20:00:00Z'), 15)).toBe('2026-01-14');
  });

  it('uses the Bogotá date for receipts late at night (UTC is already the next day)', () => {
    // 23:30 Friday in Bogotá = 04:30 Saturday UTC.
    expect(dueDateAtFiling(cal, new Date('2026-03-28T04:30:00Z'), 10)).toBe('2026-04-14');
    // 19:00 on 31 Dec 2025 in Bogotá = 00:00 on 1 Jan 2026 UTC.
    const c = openCaseClock({ type: 'peticion', receivedAt: new Date('2026-01-01T00:00:00Z'), calendar: cal });
    expect(c.receivedOn).toBe('2025-12-31');
  });

  it('applies the entity override for configurable types', () => {
    const settings = CaseTermsSettings.parse({ terms: { queja: 10 } });
    const c = openCaseClock({ type: 'queja', receivedAt: RECEIVED, calendar: cal, settings });
    expect(c.termDays).toBe(10);
    expect(c.dueDate).toBe('2026-04-14');
  });
});

describe('extension (art. 14 parágrafo)', () => {
  it('accepts a reasoned extension up to receipt + 2 × term, on the due date itself', () => {
    const c = value(
      extendDueDate(
        peticion(),
        { on: d('2026-04-21'), newDueDate: d('2026-05-13'), reasons: 'Se requiere visita técnica' },
        cal,
      ),
    );
    expect(c.dueDate).toBe('2026-05-13');
    expect(c.extension).toEqual({
      notifiedOn: '2026-04-21',
      previousDueDate: '2026-04-21',
      newDueDate: '2026-05-13',
      reasons: 'Se requiere visita técnica',
    });
  });

  it('is refused after the due date expired', () => {
    const r = extendDueDate(peticion(), { on: d('2026-04-22'), newDueDate: d('2026-05-05'), reasons: 'Demora' }, cal);
    expect(code(r)).toBe('EXTENSION_AFTER_DUE_DATE');
    expect(r.ok ? '' : r.error.message).toMatch(/venció el martes 21 de abril de 2026/);
    // An instant late on the due date (Bogotá) is still in time.
    const late = extendDueDate(
      peticion(),
      { on: new Date('2026-04-22T04:00:00Z'), newDueDate: d('2026-05-05'), reasons: 'Demora' },
      cal,
    );
    expect(late.ok).toBe(true);
  });

  it('is refused beyond double the term', () => {
    const r = extendDueDate(peticion(), { on: d('2026-04-10'), newDueDate: d('2026-05-14'), reasons: 'Demora' }, cal);
    expect(code(r)).toBe('EXTENSION_BEYOND_DOUBLE_TERM');
    expect(r.ok ? '' : r.error.message).toMatch(/miércoles 13 de mayo de 2026/);
  });

  it('requires reasons, a later business day, a running case and a single extension', () => {
    const c = peticion();
    expect(code(extendDueDate(c, { on: d('2026-04-10'), newDueDate: d('2026-05-05'), reasons: '   ' }, cal))).toBe(
      'EXTENSION_REASONS_REQUIRED',
    );
    expect(code(extendDueDate(c, { on: d('2026-04-10'), newDueDate: d('2026-04-20'), reasons: 'x' }, cal))).toBe(
      'EXTENSION_NOT_LATER',
    );
    expect(code(extendDueDate(c, { on: d('2026-04-10'), newDueDate: d('2026-05-09'), reasons: 'x' }, cal))).toBe(
      'EXTENSION_NOT_BUSINESS_DAY',
    );
    expect(code(extendDueDate(c, { on: d('2026-03-20'), newDueDate: d('2026-05-05'), reasons: 'x' }, cal))).toBe(
      'DATE_BEFORE_RECEIPT',
    );
    const once = value(extendDueDate(c, { on: d('2026-04-10'), newDueDate: d('2026-05-05'), reasons: 'x' }, cal));
    expect(code(extendDueDate(once, { on: d('2026-04-11'), newDueDate: d('2026-05-12'), reasons: 'x' }, cal))).toBe(
      'EXTENSION_ALREADY_GRANTED',
    );
    const paused = value(requestCompletion(c, { on: d('2026-04-01'), missing: 'Copia del recibo' }, cal));
    expect(code(extendDueDate(paused, { on: d('2026-04-10'), newDueDate: d('2026-05-05'), reasons: 'x' }, cal))).toBe(
      'CASE_NOT_RUNNING',
    );
  });
});

describe('request for completion (art. 17)', () => {
  const paused = () =>
    value(requestCompletion(peticion(), { on: d('2026-04-06'), missing: 'Número de matrícula del predio' }, cal));

  it('stops the clock and gives the citizen one calendar month', () => {
    const c = paused();
    expect(c.status).toBe('awaiting_completion');
    expect(c.completion?.citizenDeadline).toBe('2026-05-06');
    expect(c.completion?.elapsedBusinessDays).toBe(4);
    expect(caseTrafficLight(c, d('2026-04-30'), cal)).toEqual({ light: 'paused', businessDaysRemaining: 15 });
  });

  it('restarts the full term the day after the information arrives', () => {
    const c = value(receiveCompletion(paused(), { on: new Date('2026-04-20T14:00:00Z') }, cal));
    expect(c.status).toBe('running');
    expect(c.termStartsAfter).toBe('2026-04-20');
    expect(c.dueDate).toBe('2026-05-12');
    expect(c.completion?.completedOn).toBe('2026-04-20');
    // The double-term ceiling now counts from the restart.
    expect(code(extendDueDate(c, { on: d('2026-05-12'), newDueDate: d('2026-06-04'), reasons: 'x' }, cal))).toBe(
      'EXTENSION_BEYOND_DOUBLE_TERM',
    );
    expect(
      value(extendDueDate(c, { on: d('2026-05-12'), newDueDate: d('2026-06-03'), reasons: 'x' }, cal)).dueDate,
    ).toBe('2026-06-03');
  });

  it('accepts the answer on the last day of the month', () => {
    expect(value(receiveCompletion(paused(), { on: d('2026-05-06') }, cal)).dueDate).toBe('2026-05-28');
  });

  it('leads to desistimiento after the month without an answer', () => {
    const c = paused();
    expect(isDesistimientoDue(c, d('2026-05-06'))).toBe(false);
    expect(code(declareDesistimiento(c, { on: d('2026-05-06') }))).toBe('COMPLETION_PERIOD_NOT_EXPIRED');
    expect(isDesistimientoDue(c, d('2026-05-07'))).toBe(true);
    expect(value(declareDesistimiento(c, { on: d('2026-05-07') })).status).toBe('desisted');
    expect(code(receiveCompletion(c, { on: d('2026-05-07') }, cal))).toBe('COMPLETION_PERIOD_EXPIRED');
  });

  it('allows one prórroga of up to another month, asked before the month ends', () => {
    // Two months from 6 April is Saturday 6 June; Monday 8 June 2026 is Corpus Christi, so the month runs to the 9th.
    const c = value(extendCompletionPeriod(paused(), { on: d('2026-05-06') }, cal));
    expect(c.completion?.citizenDeadline).toBe('2026-06-09');
    expect(code(extendCompletionPeriod(c, { on: d('2026-05-10') }, cal))).toBe('COMPLETION_EXTENSION_ALREADY_GRANTED');
    expect(code(extendCompletionPeriod(paused(), { on: d('2026-05-07') }, cal))).toBe('COMPLETION_PERIOD_EXPIRED');
    expect(
      code(extendCompletionPeriod(paused(), { on: d('2026-05-01'), newCitizenDeadline: d('2026-06-10') }, cal)),
    ).toBe('COMPLETION_EXTENSION_TOO_LONG');
    expect(
      value(extendCompletionPeriod(paused(), { on: d('2026-05-01'), newCitizenDeadline: d('2026-05-20') }, cal))
        .completion?.citizenDeadline,
    ).toBe('2026-05-20');
    expect(isDesistimientoDue(c, d('2026-06-09'))).toBe(false);
    expect(isDesistimientoDue(c, d('2026-06-10'))).toBe(true);
    expect(value(receiveCompletion(c, { on: d('2026-06-01') }, cal)).status).toBe('running');
  });

  it('Ley 1755 art. 17 with Ley 4 de 1913 art. 62: a citizen month ending on a Sunday runs to Monday', () => {
    // Received Monday 2 March 2026; completion requested Thursday 5 March: the month ends Sunday 5 April.
    const filed = openCaseClock({ type: 'peticion', receivedAt: new Date('2026-03-02T15:00:00Z'), calendar: cal });
    const waiting = value(requestCompletion(filed, { on: d('2026-03-05'), missing: 'La copia del recibo' }, cal));
    expect(waiting.completion?.citizenDeadline).toBe('2026-04-06');
    expect(isDesistimientoDue(waiting, d('2026-04-06'))).toBe(false);
    expect(code(declareDesistimiento(waiting, { on: d('2026-04-06') }))).toBe('COMPLETION_PERIOD_NOT_EXPIRED');
    expect(value(receiveCompletion(waiting, { on: d('2026-04-06') }, cal)).status).toBe('running');
    expect(value(declareDesistimiento(waiting, { on: d('2026-04-07') })).status).toBe('desisted');
  });

  it('must be asked within 10 business days of filing, once, with what is missing', () => {
    expect(code(requestCompletion(peticion(), { on: d('2026-04-15'), missing: 'x' }, cal))).toBe(
      'COMPLETION_REQUEST_LATE',
    );
    expect(requestCompletion(peticion(), { on: d('2026-04-14'), missing: 'x' }, cal).ok).toBe(true);
    expect(code(requestCompletion(peticion(), { on: d('2026-04-01'), missing: ' ' }, cal))).toBe(
      'COMPLETION_MISSING_REQUIRED',
    );
    const restarted = value(receiveCompletion(paused(), { on: d('2026-04-20') }, cal));
    expect(code(requestCompletion(restarted, { on: d('2026-04-21'), missing: 'x' }, cal))).toBe(
      'COMPLETION_ALREADY_REQUESTED',
    );
    expect(code(receiveCompletion(peticion(), { on: d('2026-04-01') }, cal))).toBe('NOT_AWAITING_COMPLETION');
  });
});

describe('transfer by competence (art. 21)', () => {
  it('is due within 5 business days of receipt', () => {
    expect(transferDeadline(cal, RECEIVED)).toBe('2026-04-07');
  });

  it('flags late transfers but still records them', () => {
    const onTime = value(
      recordTransfer(peticion(), { on: d('2026-04-07'), recipient: 'Gobernación de Antioquia' }, cal),
    );
    expect(onTime.status).toBe('transferred');
    expect(onTime.transfer).toEqual({
      transferredOn: '2026-04-07',
      recipient: 'Gobernación de Antioquia',
      deadline: '2026-04-07',
      late: false,
    });
    const late = value(recordTransfer(peticion(), { on: d('2026-04-08'), recipient: 'ICBF' }, cal));
    expect(late.transfer?.late).toBe(true);
    expect(caseTrafficLight(late, d('2026-04-08'), cal)).toEqual({ light: 'closed', businessDaysRemaining: null });
  });

  it('requires a recipient and a case still in this entity', () => {
    expect(code(recordTransfer(peticion(), { on: d('2026-03-30'), recipient: '' }, cal))).toBe(
      'TRANSFER_RECIPIENT_REQUIRED',
    );
    const moved = value(recordTransfer(peticion(), { on: d('2026-03-30'), recipient: 'ICBF' }, cal));
    expect(code(recordTransfer(moved, { on: d('2026-03-31'), recipient: 'ICBF' }, cal))).toBe('CASE_NOT_RUNNING');
  });
});

describe('traffic light', () => {
  const c = peticion(); // due 2026-04-21, 15 business days
  const at = (day: string) => caseTrafficLight(c, d(day), cal);

  it('is green with more than a third of the term left', () => {
    expect(at('2026-03-27')).toEqual({ light: 'green', businessDaysRemaining: 15 });
    expect(at('2026-04-13')).toEqual({ light: 'green', businessDaysRemaining: 6 });
  });

  it('turns yellow at a third of the term left', () => {
    expect(at('2026-04-14')).toEqual({ light: 'yellow', businessDaysRemaining: 5 });
    expect(at('2026-04-18')).toEqual({ light: 'yellow', businessDaysRemaining: 2 }); // Saturday
    expect(at('2026-04-20')).toEqual({ light: 'yellow', businessDaysRemaining: 1 });
  });

  it('is red on the due date and expired after', () => {
    expect(at('2026-04-21')).toEqual({ light: 'red', businessDaysRemaining: 0 });
    expect(at('2026-04-22')).toEqual({ light: 'expired', businessDaysRemaining: -1 });
    expect(at('2026-04-25')).toEqual({ light: 'expired', businessDaysRemaining: -3 }); // Saturday after
  });

  it('turns yellow at 2 business days for short terms', () => {
    const term = { startedAfter: d('2026-03-27'), dueDate: d('2026-04-07') }; // 5 business days
    expect(termTrafficLight(term, d('2026-03-31'), cal)).toEqual({ light: 'green', businessDaysRemaining: 3 });
    expect(termTrafficLight(term, d('2026-04-01'), cal)).toEqual({ light: 'yellow', businessDaysRemaining: 2 }); // 2-3 Apr are holidays
  });

  it('measures an extended term against its whole length', () => {
    const ext = value(extendDueDate(c, { on: d('2026-04-20'), newDueDate: d('2026-05-13'), reasons: 'x' }, cal));
    expect(caseTrafficLight(ext, d('2026-04-21'), cal)).toEqual({ light: 'green', businessDaysRemaining: 15 });
    expect(caseTrafficLight(ext, d('2026-04-27'), cal)).toEqual({ light: 'green', businessDaysRemaining: 11 });
    expect(caseTrafficLight(ext, d('2026-04-28'), cal)).toEqual({ light: 'yellow', businessDaysRemaining: 10 }); // a third of 30
  });
});

describe('reminder schedule', () => {
  it('reminds at half the term and 2 business days before the due date', () => {
    expect(reminderSchedule({ startedAfter: d('2026-03-27'), dueDate: d('2026-04-21') }, RECEIVED, cal)).toEqual([
      '2026-04-09',
      '2026-04-17',
    ]);
  });

  it('deduplicates coinciding dates', () => {
    // Received Tue 24 Mar 2026, 4 business days → due Mon 30 Mar; half (2) and due − 2 are both Thu 26.
    expect(reminderSchedule({ startedAfter: d('2026-03-24'), dueDate: d('2026-03-30') }, d('2026-03-24'), cal)).toEqual(
      ['2026-03-26'],
    );
  });

  it('never schedules in the past', () => {
    // 1 business day: due Wed 25; due − 2 falls on Fri 20, before filing.
    expect(reminderSchedule({ startedAfter: d('2026-03-24'), dueDate: d('2026-03-25') }, d('2026-03-24'), cal)).toEqual(
      ['2026-03-25'],
    );
    // Recomputed later in the term: only the remaining reminder.
    expect(reminderSchedule({ startedAfter: d('2026-03-27'), dueDate: d('2026-04-21') }, d('2026-04-10'), cal)).toEqual(
      ['2026-04-17'],
    );
  });
});

describe('habeas data (Ley 1581 de 2012 arts. 14-15)', () => {
  const open = (type: 'habeas_data_consulta' | 'habeas_data_reclamo') =>
    openCaseClock({ type, receivedAt: RECEIVED, calendar: cal });

  it('Ley 1581 art. 14: a habeas-data consulta gets 10 business days, extendable by 5', () => {
    const c = open('habeas_data_consulta');
    expect(c.termDays).toBe(10);
    expect(c.dueDate).toBe('2026-04-14');
    // 5 business days after 14 April: 21 April; one day more is refused with the article.
    expect(
      value(
        extendDueDate(c, { on: d('2026-04-10'), newDueDate: d('2026-04-21'), reasons: 'Revisión de archivos' }, cal),
      ).dueDate,
    ).toBe('2026-04-21');
    const tooFar = extendDueDate(c, { on: d('2026-04-10'), newDueDate: d('2026-04-22'), reasons: 'x' }, cal);
    expect(code(tooFar)).toBe('EXTENSION_BEYOND_LEGAL_LIMIT');
    expect(tooFar.ok ? '' : tooFar.error.message).toMatch(/Ley 1581 de 2012, art\. 14.*5 días hábiles/);
  });

  it('Ley 1581 art. 15: a habeas-data reclamo gets 15 business days, extendable by 8', () => {
    const c = open('habeas_data_reclamo');
    expect(c.termDays).toBe(15);
    expect(c.dueDate).toBe('2026-04-21');
    // 8 business days after 21 April (1 May is a holiday): 4 May.
    expect(
      value(
        extendDueDate(
          c,
          { on: d('2026-04-10'), newDueDate: d('2026-05-04'), reasons: 'Verificar con la dependencia' },
          cal,
        ),
      ).dueDate,
    ).toBe('2026-05-04');
    expect(code(extendDueDate(c, { on: d('2026-04-10'), newDueDate: d('2026-05-05'), reasons: 'x' }, cal))).toBe(
      'EXTENSION_BEYOND_LEGAL_LIMIT',
    );
  });
});

describe('reasoned denial and recurso de insistencia (Ley 1755 arts. 24-26)', () => {
  it('Ley 1755 art. 25: access is denied only by citing the legal reserve', async () => {
    const { denyInformation } = await import('../../src/cases/deadlines/information-denial.js');
    const c = openCaseClock({ type: 'solicitud_informacion', receivedAt: RECEIVED, calendar: cal });
    expect(code(denyInformation(c, { on: d('2026-04-06'), reserve: '  ' }))).toBe('DENIAL_RESERVE_REQUIRED');
    expect(value(denyInformation(c, { on: d('2026-04-06'), reserve: 'Ley 1712 de 2014, art. 19' }))).toEqual({
      deniedOn: '2026-04-06',
      reserve: 'Ley 1712 de 2014, art. 19',
      insistence: null,
    });
  });
});
