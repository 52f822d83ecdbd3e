import { formatLongDateEs } from '../local-date.js';
import { asLocalDate, checkActionDate, statusLabelEs } from './case-clock.js';
import type { CaseClock, DateInput } from './case-clock.js';
import { accept, refuse } from './rule-result.js';
import type { RuleResult } from './rule-result.js';

/**
 * Express withdrawal (Ley 1755 art. 18): the petitioner may withdraw at any time while the petition is pending here,
 * also while the entity waits for a completion.
 */
export function withdrawPetition(clock: CaseClock, request: { on: DateInput }): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  if (clock.status !== 'running' && clock.status !== 'awaiting_completion') {
    return refuse(
      'WITHDRAWAL_NOT_ALLOWED',
      `No se puede registrar el desistimiento expreso: el caso está ${statusLabelEs(clock.status)}.`,
    );
  }
  return accept({
    ...clock,
    status: 'withdrawn',
    withdrawal: { withdrawnOn: on, previousStatus: clock.status, continuedOn: null, continueReasons: null },
  });
}

/**
 * Art. 18: the authority may go on with a withdrawn petition when it finds it of public interest, by a reasoned
 * decision. The clock resumes where it stood: the law is silent on the term, and the withdrawal did not suspend it.
 */
export function continueForPublicInterest(
  clock: CaseClock,
  request: { on: DateInput; reasons: string },
): RuleResult<CaseClock> {
  const on = asLocalDate(request.on);
  const bad = checkActionDate<CaseClock>(clock, on);
  if (bad) return bad;
  const withdrawal = clock.withdrawal;
  if (clock.status !== 'withdrawn' || !withdrawal)
    return refuse('NOT_WITHDRAWN', 'El ciudadano no ha retirado esta petición.');
  const reasons = request.reasons.trim();
  if (reasons.length === 0) {
    return refuse(
      'PUBLIC_INTEREST_REASONS_REQUIRED',
      `Para continuar el trámite de una petición retirada el ${formatLongDateEs(withdrawal.withdrawnOn)} hace falta una decisión motivada (Ley 1755 de 2015, art. 18): escriba los motivos de interés público.`,
    );
  }
  return accept({
    ...clock,
    status: withdrawal.previousStatus,
    withdrawal: { ...withdrawal, continuedOn: on, continueReasons: reasons },
  });
}
