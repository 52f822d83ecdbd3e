import { z } from 'zod';
import type { ActionImplementation } from '../../core/action-registry.js';
import type { ActionSpec } from '../../flows/action-catalog.js';
import type { JsonValue } from '../../lib/json-value.js';
import { IdentityDocumentType } from '../../validation/identity-document.js';
import { formatLongDateEs } from '../local-date.js';
import { CaseType } from '../terms.js';
import type { CaseService } from './case-service.js';
import { ConsentDecision } from './consent-decision.js';
import { RequesterKind } from './file-case-input.js';
import type { StatusLookup } from './status-lookup.js';

const bogotaDateTime = new Intl.DateTimeFormat('es-CO', {
  timeZone: 'America/Bogota',
  dateStyle: 'long',
  timeStyle: 'short',
});

/** Flows pass skipped answers as null and empty templates as "": both mean "not given". */
const given = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === null || v === '' ? undefined : v), schema.optional());

const Text = (max: number) => z.string().trim().min(1).max(max);

/** The chat's ID question stores NUIP as its own type; on a case it is the registro civil's number (RC). */
const DocumentType = z.preprocess((t) => (t === 'NUIP' ? 'RC' : t), IdentityDocumentType);

const Documento = z.union([z.strictObject({ tipo: DocumentType, numero: Text(30) }), Text(40)]);

/** What an `ask` with `input: file` stores. */
const FlowAttachment = z.object({
  kind: z.string(),
  ref: z.string().min(1).max(2048),
  mimeType: z.string().max(255).optional(),
  fileName: z.string().max(255).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
});

const CaseCreateArgs = z.strictObject({
  tipo: CaseType,
  solicitante: given(RequesterKind),
  nombre: given(Text(200)),
  documento: given(Documento),
  correo: given(z.email()),
  telefono: given(Text(30)),
  direccion: given(Text(300)),
  barrio: given(Text(120)),
  comuna: given(Text(120)),
  corregimiento: given(Text(120)),
  asunto: given(Text(200)),
  descripcion: Text(8000),
  adjuntos: given(z.array(FlowAttachment).max(10)),
  respuestaPor: given(z.enum(['canal', 'correo', 'direccion'])),
  /** A queja against a named servant: the filer's identity stays reserved, as in a denuncia. */
  reservarIdentidad: given(z.boolean()),
  /** With solicitante "representante": the name and document of the person represented. */
  representado: given(Text(200)),
  documentoRepresentado: given(Documento),
});

const CaseStatusArgs = z.strictObject({
  radicado: Text(60),
  documento: given(Documento),
  codigo: given(Text(20)),
});

const ConsentArgs = z.strictObject({
  /**
   * The version of the notice shown. Leave it out: the one in force is read from entity.yaml; a flow that names
   * another one records that version, and the filing notes that it was not the one in force.
   */
  version: given(Text(40)),
  /** The notice as shown, so its exact wording can be proven later (only its hash is kept). */
  aviso: given(Text(4000)),
  /** What the citizen chose; either way the petition is filed (Ley 1755 art. 15 par. 2). */
  decision: given(ConsentDecision),
});

export const caseCreateSpec: ActionSpec = {
  args: CaseCreateArgs,
  description:
    'Radica una PQRSD. Argumentos: tipo, descripcion (obligatorios); solicitante (natural, juridica, representante, ' +
    'menor o anonima), representado y documentoRepresentado (con solicitante representante), nombre, ' +
    'documento, correo, telefono, direccion, barrio, comuna, corregimiento, asunto, adjuntos, respuestaPor, ' +
    'reservarIdentidad (true: queja contra un servidor con identidad en reserva) (opcionales). ' +
    'Si no es anónima, antes se muestra el aviso de datos y se llama consent.record con lo que eligió el ciudadano; ' +
    'se radica aunque no acepte (Ley 1755 de 2015, art. 15, par. 2). Resultado: { radicado, radicadoEl ' +
    '(fecha y hora), vence, venceFecha, dias, codigo? } (codigo solo para anónimas: el ciudadano lo necesita para consultar).',
};

export const caseStatusSpec: ActionSpec = {
  args: CaseStatusArgs,
  description:
    'Consulta el estado de un radicado con el documento de quien radicó (o el código, si fue anónima). Resultado: ' +
    '{ found: true, radicado, tipo, estado, vence, dependencia, respuesta } o { found: false, reason: "no_coincide" } ' +
    'o { found: false, reason: "demasiados_intentos", esperaMinutos }. Nunca dice si el radicado existe cuando los ' +
    'datos no coinciden.',
};

const ConsentRevokeArgs = z.strictObject({});

export const consentRevokeSpec: ActionSpec = {
  args: ConsentRevokeArgs,
  description:
    'Registra que el ciudadano retira la autorización que dio para usar sus datos personales (Ley 1581 de 2012, ' +
    'art. 8 e). Sus solicitudes ya radicadas se siguen tramitando. Resultado: { revocadas } (cuántas autorizaciones ' +
    'quedaron revocadas; 0 si no había ninguna vigente).',
};

export const consentRecordSpec: ActionSpec = {
  args: ConsentArgs,
  description:
    'Guarda que se mostró el aviso de tratamiento de datos (Ley 1581 de 2012) y lo que eligió el ciudadano: versión ' +
    'de la política vigente (la de entity.yaml), fecha, hora, canal y decision (aceptado, por defecto, o rechazado). ' +
    'Rechazar no impide radicar. ' +
    'Resultado: { aceptado, version }.',
};

/** Specs without a service, for `flows check`. */
export function caseActionSpecs(): Map<string, ActionSpec> {
  return new Map([
    ['case.create', caseCreateSpec],
    ['case.status', caseStatusSpec],
    ['consent.record', consentRecordSpec],
    ['consent.revoke', consentRevokeSpec],
  ]);
}

function documentOf(
  value: z.infer<typeof Documento> | undefined,
): { type: IdentityDocumentType; number: string } | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') return { type: value.tipo, number: value.numero };
  // A bare number typed without a type is a cédula, as the chat's ID question assumes.
  const m = /^([A-Za-z]{2,3})\s+(.+)$/.exec(value.trim());
  const type = m ? IdentityDocumentType.safeParse(m[1]?.toUpperCase()) : undefined;
  return type?.success ? { type: type.data, number: m?.[2] ?? '' } : { type: 'CC', number: value };
}

/** The actions the PQRSD flows call, bound to the entity's case service. */
export function caseActions(service: CaseService, lookup: StatusLookup): Map<string, ActionImplementation> {
  const create: ActionImplementation = {
    spec: caseCreateSpec,
    async run(rawArgs, ctx) {
      const a = CaseCreateArgs.parse(rawArgs);
      const anonymous = a.solicitante === 'anonima';
      const consentId = anonymous ? undefined : await service.consentOf(ctx.conversationId);
      const document = documentOf(a.documento);
      const representedDocument = documentOf(a.documentoRepresentado);
      // A flow that asked "who presents it" but not for whom files as the person's own petition rather than failing.
      const kind = a.solicitante === 'representante' && !a.representado ? 'natural' : (a.solicitante ?? 'natural');
      const filed = await service.file(
        {
          type: a.tipo,
          requesterKind: kind,
          ...(kind === 'representante' && a.representado
            ? {
                represented: {
                  name: a.representado,
                  ...(representedDocument ? { document: representedDocument } : {}),
                },
              }
            : {}),
          requester: {
            ...(a.nombre ? { name: a.nombre } : {}),
            ...(document ? { document } : {}),
            ...(a.correo ? { email: a.correo } : {}),
            ...(a.telefono ? { phone: a.telefono } : {}),
            ...(a.direccion ? { address: a.direccion } : {}),
          },
          ...(a.asunto ? { subject: a.asunto } : {}),
          description: a.descripcion,
          attachments: (a.adjuntos ?? []).map((f) => ({
            mimeType: f.mimeType ?? 'application/octet-stream',
            ref: f.ref,
            ...(f.fileName ? { name: f.fileName } : {}),
            ...(f.sizeBytes !== undefined ? { size: f.sizeBytes } : {}),
          })),
          territory: {
            ...(a.barrio ? { barrio: a.barrio } : {}),
            ...(a.comuna ? { comuna: a.comuna } : {}),
            ...(a.corregimiento ? { corregimiento: a.corregimiento } : {}),
          },
          ...(a.respuestaPor ? { replyChannel: a.respuestaPor } : {}),
          ...(a.reservarIdentidad ? { reserveIdentity: true } : {}),
        },
        {
          channel: ctx.channel,
          conversationId: ctx.conversationId,
          contactId: ctx.contactId,
          idempotencyKey: ctx.idempotencyKey,
          ...(consentId ? { consentId } : {}),
        },
      );
      ctx.logger.debug(
        { action: 'case.create', caseId: filed.id, duplicate: filed.duplicate },
        'case filed from a conversation',
      );
      const result: Record<string, JsonValue> = {
        radicado: filed.radicado,
        vence: formatLongDateEs(filed.dueDate),
        venceFecha: filed.dueDate,
        // Decreto 1166 de 2016: the citizen gets the date and time of receipt with the radicado.
        radicadoEl: bogotaDateTime.format(filed.receivedAt),
        dias: service.settings.terms.terms[a.tipo],
      };
      if (filed.lookupCode) result.codigo = filed.lookupCode;
      return result;
    },
  };

  const status: ActionImplementation = {
    spec: caseStatusSpec,
    async run(rawArgs, ctx) {
      const a = CaseStatusArgs.parse(rawArgs);
      const document = documentOf(a.documento);
      const result = await lookup.lookup({
        radicado: a.radicado,
        ...(document ? { documentNumber: `${document.type} ${document.number}` } : {}),
        ...(a.codigo ? { code: a.codigo } : {}),
        contactId: ctx.contactId,
      });
      ctx.logger.debug({ action: 'case.status', found: result.found }, 'case status lookup');
      return result;
    },
  };

  const consent: ActionImplementation = {
    spec: consentRecordSpec,
    async run(rawArgs, ctx) {
      const a = ConsentArgs.parse(rawArgs);
      const saved = await service.recordConsent({
        conversationId: ctx.conversationId,
        contactId: ctx.contactId,
        channel: ctx.channel,
        ...(a.version ? { policyVersion: a.version } : {}),
        ...(a.aviso ? { noticeText: a.aviso } : {}),
        ...(a.decision ? { decision: a.decision } : {}),
      });
      return { aceptado: saved.decision === 'aceptado', version: saved.policyVersion };
    },
  };

  const revoke: ActionImplementation = {
    spec: consentRevokeSpec,
    async run(rawArgs, ctx) {
      ConsentRevokeArgs.parse(rawArgs ?? {});
      const done = await service.revokeConsent({
        contactId: ctx.contactId,
        conversationId: ctx.conversationId,
        via: 'chat',
      });
      return { revocadas: done.revoked };
    },
  };

  return new Map([
    ['case.create', create],
    ['case.status', status],
    ['consent.record', consent],
    ['consent.revoke', revoke],
  ]);
}
