import type { Attachment } from '../../lib/messages.js';
import type { CaseServiceDeps } from './case-service-types.js';

/** One line per kind of change, for the approved template's «novedad» variable (docs/channels.md). */
const noticeSummaries: Record<string, string> = {
  completion_requested: 'necesitamos que complete información',
  completion_received: 'recibimos la información que envió',
  extended: 'ampliamos el plazo de respuesta',
  transferred: 'la trasladamos a la autoridad competente',
  answered: 'ya tiene respuesta',
  desisted: 'se archivó por falta de información',
};

/** Sends the notice on the channel the citizen used and records whether it went out. */
export async function tellCitizen(
  deps: CaseServiceDeps,
  now: () => Date,
  row: { id: string; radicado: string; conversationId: string | null; replyChannel: string },
  text: string,
  kind: string,
  attachments: Attachment[] = [],
): Promise<boolean> {
  const notifier = deps.notifier;
  let delivered = false;
  let reason: string | undefined;
  if (row.replyChannel === 'publicacion') reason = 'anonimo_publicado';
  else if (!row.conversationId) reason = 'sin_conversacion';
  else if (!notifier) reason = 'sin_canal';
  else {
    try {
      await notifier.notify(row.conversationId, {
        text,
        template: {
          purpose: 'aviso_caso',
          params: { radicado: row.radicado, novedad: noticeSummaries[kind] ?? 'hay novedades' },
        },
        origin: { caseId: row.id },
        ...(attachments.length > 0 ? { attachments } : {}),
      });
      delivered = true;
    } catch (error) {
      reason = 'error_envio';
      deps.logger.warn({ caseId: row.id, err: error }, 'citizen notice failed');
    }
  }
  await deps.prisma.caseEvent.create({
    data: {
      entityId: deps.entityId,
      caseId: row.id,
      at: now(),
      actorKind: 'system',
      kind: delivered ? 'citizen_notified' : 'citizen_not_notified',
      data: delivered ? { via: 'canal' } : { reason: reason ?? 'desconocido', replyChannel: row.replyChannel },
    },
  });
  if (delivered && kind === 'answered' && row.conversationId && deps.onAnswered) {
    // The answer is recorded whatever happens to the survey.
    await deps.onAnswered({ caseId: row.id, conversationId: row.conversationId }).catch((error: unknown) => {
      deps.logger.error({ caseId: row.id, err: error }, 'after-answer hook failed');
    });
  }
  return delivered;
}

/**
 * A notice that was queued could not be delivered after all (the channel refused it, the citizen blocked the bot,
 * WhatsApp's 24-hour window without a template): the history says so, with the channel's reason.
 */
export async function recordNoticeFailure(
  deps: CaseServiceDeps,
  now: () => Date,
  caseId: string,
  reason: string,
): Promise<void> {
  await deps.prisma.caseEvent.create({
    data: {
      entityId: deps.entityId,
      caseId,
      at: now(),
      actorKind: 'system',
      kind: 'citizen_not_notified',
      data: { reason: 'envio_fallido', detail: reason },
    },
  });
  deps.logger.warn({ caseId, reason }, 'case notice could not be delivered');
}
