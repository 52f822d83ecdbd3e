import { createHash } from 'node:crypto';
import type { StaffActor } from '../../staff/staff-member.js';
import type { ConsentDecision } from './consent-decision.js';
import { CaseError } from './case-error.js';
import type { CaseCore } from './case-core.js';

// Ley 1581 de 2012: the data notice, what the citizen chose, and revocation.

/**
 * Proof that the data-use notice was shown (Ley 1581 art. 12) and of what the citizen chose: version, time, channel,
 * a hash of the text shown and the decision. An acceptance is the authorization of art. 9; a refusal is recorded
 * just the same, because it never stops the filing (Ley 1755 art. 15 par. 2; Ley 1581 art. 10 a).
 */
export async function recordConsent(
  core: CaseCore,
  input: {
    conversationId?: string;
    contactId?: string;
    channel: string;
    policyVersion?: string;
    noticeText?: string;
    decision?: ConsentDecision;
  },
): Promise<{ id: string; acceptedAt: Date; policyVersion: string; decision: ConsentDecision }> {
  // What was shown is what is recorded (the proof); whether it was the version in force is checked at filing.
  const policyVersion = input.policyVersion ?? core.deps.settings.policyVersion;
  const decision = input.decision ?? 'aceptado';
  const row = await core.deps.prisma.consent.create({
    data: {
      entityId: core.deps.entityId,
      conversationId: input.conversationId ?? null,
      contactId: input.contactId ?? null,
      channel: input.channel,
      policyVersion,
      noticeSha256: input.noticeText ? createHash('sha256').update(input.noticeText, 'utf8').digest('hex') : null,
      decision,
      acceptedAt: core.now(),
    },
  });
  return { id: row.id, acceptedAt: row.acceptedAt, policyVersion, decision };
}

/**
 * The newest notice record of this conversation (accepted or declined) not since revoked: a revoked authorization is
 * not what the citizen agrees to now.
 */
export async function consentOf(core: CaseCore, conversationId: string): Promise<string | null> {
  const row = await core.deps.prisma.consent.findFirst({
    where: { entityId: core.deps.entityId, conversationId, revokedAt: null },
    orderBy: { acceptedAt: 'desc' },
    select: { id: true },
  });
  return row?.id ?? null;
}

/**
 * Records the revocation of a citizen's data authorization (Ley 1581 art. 8 e and art. 9: it must be possible and
 * provable). Every standing acceptance of the contact (or, without a contact, of the conversation) gets `revokedAt`.
 * Petitions already filed are still answered: the entity needs no authorization for that (art. 10 a).
 */
export async function revokeConsent(
  core: CaseCore,
  input: {
    contactId?: string;
    conversationId?: string;
    consentId?: string;
    via: 'chat' | 'consola';
  },
): Promise<{ revoked: number; revokedAt: Date }> {
  const who = [
    ...(input.contactId ? [{ contactId: input.contactId }] : []),
    ...(input.conversationId ? [{ conversationId: input.conversationId }] : []),
    ...(input.consentId ? [{ id: input.consentId }] : []),
  ];
  const revokedAt = core.now();
  if (who.length === 0) return { revoked: 0, revokedAt };
  const { count } = await core.deps.prisma.consent.updateMany({
    where: { entityId: core.deps.entityId, decision: 'aceptado', revokedAt: null, OR: who },
    data: { revokedAt, revokedVia: input.via },
  });
  core.deps.logger.info({ revoked: count, via: input.via }, 'data authorization revoked');
  return { revoked: count, revokedAt };
}

/**
 * An official records that the citizen revoked the data authorization (Ley 1581 art. 8 e), asked for by letter, at
 * the counter or by phone: every standing acceptance of the case's citizen is marked revoked. The case goes on: the
 * entity answers it without authorization (art. 10 a).
 */
export async function revokeConsentOf(
  core: CaseCore,
  actor: StaffActor,
  radicado: string,
  input: { note?: string; version?: number },
) {
  const view = await core.change(actor, radicado, 'revoke-consent', input.version, (row) => {
    if (row.requesterKind === 'anonima') {
      throw new CaseError('CASE_STATE', 'Una solicitud anónima no tiene autorización de datos que revocar.');
    }
    return {
      data: {},
      event: { kind: 'consent_revoked', data: { via: 'consola', ...(input.note ? { note: input.note } : {}) } },
      citizenText:
        `Registramos que retiró su autorización para que la Alcaldía use sus datos personales (Ley 1581 de 2012). ` +
        `Su solicitud ${row.radicado} se seguirá tramitando y le responderemos.`,
    };
  });
  const row = await core.findByRadicado(view.radicado);
  await revokeConsent(core, {
    via: 'consola',
    ...(row?.contactId ? { contactId: row.contactId } : {}),
    ...(row?.consentId ? { consentId: row.consentId } : {}),
  });
  return core.get(actor, view.radicado);
}
