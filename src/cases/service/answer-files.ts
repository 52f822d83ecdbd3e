import type { Attachment } from '../../lib/messages.js';
import { StoredFiles, storedFileIdOf } from '../../uploads/stored-files.js';
import type { UploadType } from '../../uploads/detect-file-type.js';
import { can, type StaffActor } from '../../staff/staff-member.js';
import { CASE_TRANSITIONS } from './case-transitions.js';
import type { CaseCore } from './case-core.js';
import { CaseError } from './case-error.js';

/** At most this many documents go with one answer: what one email or one chat bubble carries well. */
export const maxAnswerFiles = 5;

/**
 * A document for a case's answer (the signed letter, a certificate), kept like a citizen's upload and owned by the
 * case's citizen, so only they can download it from the widget and no other case's answer can carry it.
 */
export async function keepAnswerFile(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  file: { data: Buffer; mimeType: UploadType; fileName: string },
): Promise<Attachment> {
  const row = await core.visibleCase(actor, radicado);
  if (!can(actor, CASE_TRANSITIONS.answer.permission))
    throw new CaseError('FORBIDDEN', 'Su rol no le permite responder este caso.');
  if (!row.contactId || !row.conversationId) {
    throw new CaseError(
      'INPUT_NOT_VALID',
      'Este caso no tiene un canal por el que se puedan enviar archivos. Entregue los documentos por el medio que indicó el ciudadano.',
    );
  }
  return new StoredFiles(core.deps.prisma).save({
    entityId: core.deps.entityId,
    contactId: row.contactId,
    channel: 'console',
    ...file,
  });
}

/** The files an answer names, read before the change; each is checked against the case inside it. */
export async function answerFiles(
  core: CaseCore,
  refs: readonly string[],
): Promise<{ attachments: Attachment[]; ownedBy: (contactId: string | null) => boolean }> {
  if (refs.length > maxAnswerFiles)
    throw new CaseError('INPUT_NOT_VALID', `Una respuesta puede llevar hasta ${maxAnswerFiles} archivos.`);
  const ids = [...new Set(refs.map((ref) => storedFileIdOf(ref)))];
  if (ids.some((id) => id === null)) throw new CaseError('INPUT_NOT_VALID', 'Uno de los archivos no es válido.');
  const rows = await core.deps.prisma.storedFile.findMany({
    where: { entityId: core.deps.entityId, id: { in: ids as string[] } },
    select: { id: true, contactId: true, mimeType: true, fileName: true, sizeBytes: true },
  });
  if (rows.length !== ids.length)
    throw new CaseError('INPUT_NOT_VALID', 'Uno de los archivos ya no existe. Adjúntelo de nuevo.');
  return {
    attachments: rows.map((r) => ({
      kind: r.mimeType.startsWith('image/') ? 'image' : 'document',
      ref: `upload:${r.id}`,
      mimeType: r.mimeType,
      fileName: r.fileName,
      sizeBytes: r.sizeBytes,
    })),
    ownedBy: (contactId) => contactId !== null && rows.every((r) => r.contactId === contactId),
  };
}
