import { z } from 'zod';
import { IdentityDocumentType } from '../../validation/identity-document.js';
import { CaseType } from '../terms.js';

/**
 * Who presents the petition: in their own name (natural), a legal entity (juridica), a representative or apoderado for
 * someone else (representante), a minor in their own name (menor), or nobody identified (anonima).
 */
export const requesterKinds = ['natural', 'juridica', 'representante', 'menor', 'anonima'] as const;
export const RequesterKind = z.enum(requesterKinds);
export type RequesterKind = z.infer<typeof RequesterKind>;

/** canal: the channel the case came in on; publicacion: the answer is published (anonymous cases). */
export const replyChannels = ['canal', 'correo', 'direccion', 'publicacion'] as const;
export const ReplyChannel = z.enum(replyChannels);
export type ReplyChannel = z.infer<typeof ReplyChannel>;

const Short = (max: number) => z.string().trim().min(1).max(max);

export const CaseAttachment = z.strictObject({
  name: Short(200).optional(),
  mimeType: Short(100),
  size: z.number().int().min(0).optional(),
  url: z.string().max(2000).optional(),
  /** The channel's own reference (a media id), when the file stays with the channel. */
  ref: z.string().max(500).optional(),
});
export type CaseAttachment = z.infer<typeof CaseAttachment>;

export const Requester = z.strictObject({
  name: Short(200).optional(),
  document: z.strictObject({ type: IdentityDocumentType, number: Short(30) }).optional(),
  email: z.email().max(200).optional(),
  phone: Short(30).optional(),
  address: Short(300).optional(),
});
export type Requester = z.infer<typeof Requester>;

/** The person a representative or apoderado files for: personal data, read only by those handling the case. */
export const RepresentedParty = z.strictObject({
  name: Short(200),
  document: z.strictObject({ type: IdentityDocumentType, number: Short(30) }).optional(),
});
export type RepresentedParty = z.infer<typeof RepresentedParty>;

/**
 * A petition as the filing path hands it over (flow action or official's API). Only the type and the description
 * are required: art. 16 contents that are missing never block filing.
 */
export const FileCaseInput = z.strictObject({
  type: CaseType,
  requesterKind: RequesterKind.default('natural'),
  requester: Requester.default({}),
  /** With requesterKind "representante": whom the petition is for. Required then, refused otherwise. */
  represented: RepresentedParty.optional(),
  subject: Short(200).optional(),
  description: Short(8000),
  attachments: z.array(CaseAttachment).max(10).default([]),
  territory: z
    .strictObject({
      barrio: Short(120).optional(),
      comuna: Short(120).optional(),
      corregimiento: Short(120).optional(),
    })
    .default({}),
  replyChannel: ReplyChannel.optional(),
  /**
   * A queja against a named servant whose filer asks for the identity reserve denuncias have (only the disciplinary
   * office reads it). Ignored for other types: denuncias are always reserved, the rest never.
   */
  reserveIdentity: z.boolean().optional(),
});
export type FileCaseInput = z.input<typeof FileCaseInput>;
export type ParsedFileCaseInput = z.output<typeof FileCaseInput>;

/** Where the case came from and who is filing it. */
export interface FilingOrigin {
  channel: string;
  conversationId?: string;
  contactId?: string;
  /** The turn's key: a re-run after a crash returns the same case. */
  idempotencyKey?: string;
  /** The data-notice record of this filing (accepted or declined); recorded when present, never required. */
  consentId?: string;
  /**
   * An official registering a petition received in person. `verbal` only when the citizen made it verbally and the
   * official wrote it down (Decreto 1166 de 2016); a written petition handed in at the counter is not verbal.
   */
  staff?: { id: string; name: string; verbal?: boolean };
}
