import type { StaffActor } from '../../staff/staff-member.js';
import {
  denyInformation,
  fileInsistence,
  insistenceDeadline,
  recordCourtDecision as recordCourtDecisionRule,
  referToCourt as referToCourtRule,
} from '../deadlines/information-denial.js';
import { positiveSilence } from '../deadlines/positive-silence.js';
import { formatLongDateEs, toBogotaDate } from '../local-date.js';
import type { LocalDate } from '../local-date.js';
import { answerFiles } from './answer-files.js';
import { CaseError } from './case-error.js';
import type { CaseCore } from './case-core.js';
import { ruled, ruledDenial } from './case-core.js';

// Ley 1755 arts. 14, 19 and 24-26: the answer, a reasoned denial and the recurso de insistencia.

/**
 * The answer: sent on the channel the citizen used, or published for an anonymous case. `denied` marks an
 * information request whose access was refused (Ley 1712 report).
 */
export async function answer(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: {
    text: string;
    denied?: boolean;
    reserve?: string;
    earlierRadicado?: string;
    version?: number;
    /** Documents kept with keepAnswerFile, sent with the answer. */
    attachments?: string[];
  },
) {
  let text = input.text.trim();
  const files = input.attachments?.length ? await answerFiles(core, input.attachments) : null;
  if (text.length === 0) throw new CaseError('INPUT_NOT_VALID', 'Escriba la respuesta para el ciudadano.');
  // Art. 19: a repeated petition already resolved may be answered by referring to the earlier answer.
  const earlier = input.earlierRadicado ? await earlierAnswer(core, input.earlierRadicado, radicado) : null;
  if (earlier) {
    text =
      `Su solicitud repite la ${earlier.radicado}, que respondimos el ${formatLongDateEs(earlier.answeredOn)} (Ley 1755 de 2015, art. 19). ` +
      `Esa respuesta fue:\n${earlier.answer}\n\n${text}`;
  }
  return core.change(actor, radicado, 'answer', input.version, (row, clock) => {
    const published = row.replyChannel === 'publicacion';
    if (files && (published || !files.ownedBy(row.contactId)))
      throw new CaseError('INPUT_NOT_VALID', 'Los archivos adjuntos no son de este caso. Adjúntelos de nuevo aquí.');
    const denied =
      input.denied === true && (row.type === 'solicitud_informacion' || row.type === 'informacion_autoridad');
    const silence = positiveSilence(clock, core.today(), core.calendar);
    if (denied && silence) {
      throw new CaseError(
        'POSITIVE_SILENCE',
        `Esta solicitud de información no se respondió a tiempo y por ley se entiende aceptada desde el ${formatLongDateEs(silence.since)} ` +
          `(silencio positivo, Ley 1755 de 2015, art. 14, num. 1). Ya no se puede negar el acceso: entregue las copias a más tardar el ${formatLongDateEs(silence.copiesDue)}.`,
      );
    }
    // Arts. 24-25: access is denied only by a reasoned decision citing the legal reserve; the citizen is told of the
    // recurso de insistencia (art. 26) with the answer.
    const denial = denied
      ? ruledDenial(denyInformation(clock, { on: core.today(), reserve: input.reserve ?? '' }))
      : null;
    const answerText = denial
      ? `${text}\n\nNegamos el acceso porque la información es reservada según ${denial.reserve}. Si no está de acuerdo, puede ` +
        `insistir por escrito, diciendo por qué, a más tardar el ${formatLongDateEs(insistenceDeadline(denial, core.calendar))}: ` +
        `enviaremos su solicitud al juez administrativo, que decide si la información es reservada (Ley 1755 de 2015, art. 26).`
      : text;
    const onTime = core.today() <= row.dueDate;
    return {
      data: {
        status: 'respondido',
        answer: answerText,
        answeredAt: core.now(),
        answerPublished: published,
        informationDenied: denied,
        ...(denial ? { clock: { ...clock, denial } } : {}),
      },
      event: {
        kind: 'answered',
        data: {
          published,
          denied,
          onTime,
          ...(denial ? { reserve: denial.reserve } : {}),
          ...(silence ? { positiveSilence: silence } : {}),
          ...(earlier ? { refersTo: earlier.radicado } : {}),
          ...(files ? { files: files.attachments.map((a) => ({ ref: a.ref, fileName: a.fileName ?? null })) } : {}),
        },
      },
      ...(published ? {} : { citizenText: `Respuesta a su solicitud ${row.radicado}:\n${answerText}` }),
      ...(files ? { citizenAttachments: files.attachments } : {}),
    };
  });
}

/** The earlier answered case a repeated petition refers to (art. 19), or a refusal naming what is wrong. */
async function earlierAnswer(
  core: CaseCore,
  earlierRadicado: string,
  radicado: string,
): Promise<{ radicado: string; answeredOn: LocalDate; answer: string }> {
  const earlier = await core.findByRadicado(earlierRadicado);
  const same = await core.findByRadicado(radicado);
  if (!earlier || !earlier.answer || !earlier.answeredAt || earlier.id === same?.id) {
    throw new CaseError(
      'INPUT_NOT_VALID',
      `No hay una solicitud anterior respondida con el radicado «${earlierRadicado.slice(0, 60)}»: solo se puede remitir a una respuesta ya dada.`,
    );
  }
  return { radicado: earlier.radicado, answeredOn: toBogotaDate(earlier.answeredAt), answer: earlier.answer };
}

/** Art. 26: the citizen insists on a reasoned denial; the entity must send the file to the administrative court. */
export async function insist(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { grounds: string; version?: number },
) {
  return core.change(actor, radicado, 'insist', input.version, (row, clock) => {
    const next = ruled(fileInsistence(clock, { on: core.today(), grounds: input.grounds }, core.calendar));
    return {
      data: { status: 'en_insistencia', clock: next },
      event: { kind: 'insistence_filed', data: { grounds: input.grounds.trim() } },
      citizenText:
        `Recibimos su insistencia en la solicitud ${row.radicado}. Enviaremos su solicitud al juez administrativo, ` +
        `que decide si la información es reservada (Ley 1755 de 2015, art. 26).`,
    };
  });
}

/** Art. 26: the file goes to the administrative court or judge. */
export async function referToCourt(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { court: string; version?: number },
) {
  return core.change(actor, radicado, 'refer-to-court', input.version, (row, clock) => {
    const next = ruled(referToCourtRule(clock, { on: core.today(), court: input.court }));
    return {
      data: { status: 'ante_juez', clock: next },
      event: { kind: 'referred_to_court', data: { court: next.denial?.insistence?.court ?? null } },
      citizenText: `Enviamos su solicitud ${row.radicado} a ${next.denial?.insistence?.court ?? ''}, que decidirá si la información es reservada.`,
    };
  });
}

/** The court's decision on the insistence: the reserve stands (closed), or the information must be delivered. */
export async function recordCourtDecision(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { outcome: 'confirma' | 'ordena_entrega'; version?: number },
) {
  return core.change(actor, radicado, 'court-decision', input.version, (row, clock) => {
    const next = ruled(recordCourtDecisionRule(clock, { on: core.today(), outcome: input.outcome }, core.calendar));
    const deliver = input.outcome === 'ordena_entrega';
    return {
      data: deliver
        ? { status: 'en_tramite', clock: next, informationDenied: false }
        : { status: 'cerrado', clock: next, closedAt: core.now() },
      event: {
        kind: 'court_decision',
        data: { outcome: input.outcome, ...(deliver ? { dueDate: next.dueDate } : {}) },
      },
      citizenText: deliver
        ? `El juez ordenó entregarle la información de su solicitud ${row.radicado}. Se la enviaremos a más tardar el ${formatLongDateEs(next.dueDate)}.`
        : `El juez confirmó que la información de su solicitud ${row.radicado} es reservada. Con esto termina el trámite.`,
    };
  });
}
