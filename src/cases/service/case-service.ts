import type { StaffActor } from '../../staff/staff-member.js';
import type { PqrsdSettings } from '../pqrsd-settings.js';
import type { LocalDate } from '../local-date.js';
import * as answers from './answer-steps.js';
import * as consent from './case-consent.js';
import * as classification from './classification-steps.js';
import { CaseCore } from './case-core.js';
import * as filing from './case-filing.js';
import * as reads from './case-reads.js';
import * as reminders from './case-reminders.js';
import type { CaseServiceDeps } from './case-service-types.js';
import type { StaffCaseView } from './case-view.js';
import { recordNoticeFailure } from './citizen-notice.js';
import * as competence from './competence-steps.js';
import * as completion from './completion-steps.js';
import * as petitionForm from './petition-form-steps.js';
import type { CaseClock } from '../deadlines/case-clock.js';
import type { CaseStatus } from './case-status.js';
import * as terms from './term-steps.js';
import { keepAnswerFile } from './answer-files.js';

export type {
  CaseListFilter,
  CaseNotice,
  CaseServiceDeps,
  CaseTimers,
  CitizenNotifier,
  FiledCase,
} from './case-service-types.js';
export { reminderJobKind } from './reminder-schedule.js';

/** The arguments of a step function after the shared core. */
type Args<F> = F extends (core: CaseCore, ...rest: infer R) => unknown ? R : never;

/**
 * PQRSD cases of one entity: filing with a radicado, the official's workflow under Ley 1755 de 2015, and the timers
 * that remind dependencies. Every change is one transaction with its history event; the citizen is told afterwards.
 * Personal data (the requester) lives in its own table and never reaches a log line.
 *
 * This class is the public face; each group of legal actions lives in its own file and shares {@link CaseCore}.
 */
export class CaseService {
  private readonly core: CaseCore;

  constructor(deps: CaseServiceDeps) {
    this.core = new CaseCore(deps);
  }

  get settings(): PqrsdSettings {
    return this.core.deps.settings;
  }

  get entityId(): string {
    return this.core.deps.entityId;
  }

  today(): LocalDate {
    return this.core.today();
  }

  // Filing and the data notice (Ley 1755 art. 15; Ley 1581 de 2012).
  file(...args: Args<typeof filing.file>) {
    return filing.file(this.core, ...args);
  }
  recordConsent(...args: Args<typeof consent.recordConsent>) {
    return consent.recordConsent(this.core, ...args);
  }
  consentOf(...args: Args<typeof consent.consentOf>) {
    return consent.consentOf(this.core, ...args);
  }
  revokeConsent(...args: Args<typeof consent.revokeConsent>) {
    return consent.revokeConsent(this.core, ...args);
  }
  revokeConsentOf(...args: Args<typeof consent.revokeConsentOf>) {
    return consent.revokeConsentOf(this.core, ...args);
  }

  // Reading.
  findByRadicado(radicado: string) {
    return this.core.findByRadicado(radicado);
  }
  get(actor: StaffActor, radicado: string): Promise<StaffCaseView> {
    return this.core.get(actor, radicado);
  }
  list(...args: Args<typeof reads.list>) {
    return reads.list(this.core, ...args);
  }
  report(...args: Args<typeof reads.report>) {
    return reads.report(this.core, ...args);
  }
  publishedExtensions(...args: Args<typeof reads.publishedExtensions>) {
    return reads.publishedExtensions(this.core, ...args);
  }
  publishedAnswers(...args: Args<typeof reads.publishedAnswers>) {
    return reads.publishedAnswers(this.core, ...args);
  }

  // Term, priority and closing (arts. 14 and 20).
  assign(...args: Args<typeof terms.assign>) {
    return terms.assign(this.core, ...args);
  }
  extend(...args: Args<typeof terms.extend>) {
    return terms.extend(this.core, ...args);
  }
  prioritize(...args: Args<typeof terms.prioritize>) {
    return terms.prioritize(this.core, ...args);
  }
  close(...args: Args<typeof terms.close>) {
    return terms.close(this.core, ...args);
  }

  // Competence (art. 21).
  transfer(...args: Args<typeof competence.transfer>) {
    return competence.transfer(this.core, ...args);
  }
  declareNoCompetence(...args: Args<typeof competence.declareNoCompetence>) {
    return competence.declareNoCompetence(this.core, ...args);
  }

  // Completion and desistimiento (art. 17).
  requestCompletion(...args: Args<typeof completion.requestCompletion>) {
    return completion.requestCompletion(this.core, ...args);
  }
  receiveCompletion(...args: Args<typeof completion.receiveCompletion>) {
    return completion.receiveCompletion(this.core, ...args);
  }
  desist(...args: Args<typeof completion.desist>) {
    return completion.desist(this.core, ...args);
  }
  notifyDesistimiento(...args: Args<typeof completion.notifyDesistimiento>) {
    return completion.notifyDesistimiento(this.core, ...args);
  }
  fileReposicion(...args: Args<typeof completion.fileReposicion>) {
    return completion.fileReposicion(this.core, ...args);
  }
  resolveReposicion(...args: Args<typeof completion.resolveReposicion>) {
    return completion.resolveReposicion(this.core, ...args);
  }

  // Withdrawal, unclear and disrespectful petitions (arts. 18-19).
  withdraw(...args: Args<typeof petitionForm.withdraw>) {
    return petitionForm.withdraw(this.core, ...args);
  }
  continueForPublicInterest(...args: Args<typeof petitionForm.continueForPublicInterest>) {
    return petitionForm.continueForPublicInterest(this.core, ...args);
  }
  returnForClarification(...args: Args<typeof petitionForm.returnForClarification>) {
    return petitionForm.returnForClarification(this.core, ...args);
  }
  receiveClarification(...args: Args<typeof petitionForm.receiveClarification>) {
    return petitionForm.receiveClarification(this.core, ...args);
  }
  archiveUnclarified(...args: Args<typeof petitionForm.archiveUnclarified>) {
    return petitionForm.archiveUnclarified(this.core, ...args);
  }
  rejectDisrespectful(...args: Args<typeof petitionForm.rejectDisrespectful>) {
    return petitionForm.rejectDisrespectful(this.core, ...args);
  }

  // The answer, reasoned denials and the recurso de insistencia (arts. 14, 19, 24-26).
  answer(...args: Args<typeof answers.answer>) {
    return answers.answer(this.core, ...args);
  }

  keepAnswerFile(...args: Args<typeof keepAnswerFile>) {
    return keepAnswerFile(this.core, ...args);
  }
  insist(...args: Args<typeof answers.insist>) {
    return answers.insist(this.core, ...args);
  }
  referToCourt(...args: Args<typeof answers.referToCourt>) {
    return answers.referToCourt(this.core, ...args);
  }
  recordCourtDecision(...args: Args<typeof answers.recordCourtDecision>) {
    return answers.recordCourtDecision(this.core, ...args);
  }

  // The art. 76 report's subject and referral (Ley 1474 de 2011).
  setTopic(...args: Args<typeof classification.setTopic>) {
    return classification.setTopic(this.core, ...args);
  }
  referToControlBody(...args: Args<typeof classification.referToControlBody>) {
    return classification.referToControlBody(this.core, ...args);
  }

  // Reminders and notices.
  scheduleReminder(caseId: string, clock: CaseClock, status: CaseStatus, from: LocalDate): Promise<void> {
    return this.core.scheduleReminder(caseId, clock, status, from);
  }
  runReminder(caseId: string): Promise<void> {
    return reminders.runReminder(this.core, caseId);
  }
  reminders(actor: StaffActor, limit?: number) {
    return reminders.reminders(this.core, actor, limit);
  }
  /**
   * A notice that was queued could not be delivered after all (the channel refused it, the citizen blocked the bot,
   * WhatsApp's 24-hour window without a template): the history says so, with the channel's reason.
   */
  recordNoticeFailure(caseId: string, reason: string): Promise<void> {
    return recordNoticeFailure(this.core.deps, this.core.now, caseId, reason);
  }
}
