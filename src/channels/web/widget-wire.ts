import { z } from 'zod';
import { Attachment } from '../../lib/messages.js';

/**
 * The widget protocol on the wire (docs/widget-protocol.md), version 1: the one contract between the server and the
 * browser widget. The server validates client frames with these schemas and builds server frames that satisfy them;
 * web-widget/src imports the inferred types (type-only, so no zod in the bundle), so a change here that the widget
 * does not follow fails its type check, which `npm test` runs (test/contracts/browser-contract.test.ts).
 *
 * This file must stay free of Node-only imports: the widget's compiler reads it with the DOM library only.
 */
export const protocolVersion = 1;

/** The client's message id: the deduplication key of what a browser sends. */
export const clientIdPattern = /^[A-Za-z0-9_-]{8,64}$/;
const clientId = z.string().regex(clientIdPattern, 'id must be 8 to 64 characters of A-Z a-z 0-9 _ -');

/** Only what the upload endpoint hands out: a citizen cannot point a message at a file that is not theirs. */
export const UploadedAttachment = Attachment.pick({
  kind: true,
  ref: true,
  mimeType: true,
  fileName: true,
  sizeBytes: true,
}).extend({
  ref: z.string().regex(/^upload:[0-9a-f-]{36}$/),
});

export const HelloFrame = z.object({
  type: z.literal('hello'),
  token: z.string().max(1024).nullish(),
  after: z.string().max(64).nullish(),
});

export const MessageFrame = z
  .object({
    type: z.literal('message'),
    id: clientId,
    text: z.string().optional(),
    payload: z.string().max(256).optional(),
    attachments: z.array(UploadedAttachment).max(5).optional(),
  })
  .refine((m) => (m.text !== undefined && m.text.trim() !== '') || (m.attachments?.length ?? 0) > 0, {
    message: 'a message needs text or attachments',
  });

export const PingFrame = z.object({ type: z.literal('ping'), id: z.string().max(64).optional() });

export const ClientFrame = z.union([HelloFrame, MessageFrame, PingFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type MessageFrame = z.infer<typeof MessageFrame>;

export const WidgetAttachment = z.object({
  kind: z.string(),
  fileName: z.string().nullable(),
  mimeType: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
  /** A public link, when there is one. */
  url: z.string().nullable(),
  /** A file kept by the server: downloaded from `GET /widget/v1/files/:entity/:fileId` with the session token. */
  fileId: z.string().nullable(),
});

export const WidgetMessage = z.object({
  id: z.string().min(1),
  /** 'agent': written by a person of the entity (a handed-off conversation); authorName says who. */
  from: z.enum(['citizen', 'bot', 'agent']),
  authorName: z.string().optional(),
  text: z.string(),
  options: z.array(z.object({ label: z.string(), value: z.string() })),
  attachments: z.array(WidgetAttachment),
  expects: z.literal('file').optional(),
  clientId: z.string().optional(),
  at: z.string(),
});
export type WidgetMessage = z.infer<typeof WidgetMessage>;

export const WidgetLimits = z.object({
  maxTextLength: z.number().int().positive(),
  maxFrameBytes: z.number().int().positive(),
  messagesPerWindow: z.number().int().positive(),
  windowSeconds: z.number().int().positive(),
  upload: z.object({ maxBytes: z.number().int().positive(), types: z.array(z.string()) }),
});
export type WidgetLimits = z.infer<typeof WidgetLimits>;

/** Error frames: Spanish for the citizen, a close code when fatal. */
export const widgetErrors = {
  HELLO_REQUIRED: { fatal: false, message: 'La conexión todavía no está lista. Intente de nuevo en un momento.' },
  MALFORMED_FRAME: { fatal: false, message: 'No pudimos leer lo que se envió. Intente de nuevo.' },
  INVALID_FRAME: { fatal: false, message: 'El mensaje no tiene el formato esperado y no se envió.' },
  FRAME_TOO_LARGE: {
    fatal: false,
    message: 'El mensaje es demasiado grande y no se envió. Escriba un texto más corto.',
  },
  TEXT_TOO_LONG: {
    fatal: false,
    message: 'El mensaje es demasiado largo y no se envió. Divídalo en partes más cortas.',
  },
  RATE_LIMITED: { fatal: false, message: 'Está enviando mensajes muy rápido. Espere unos segundos y se enviará.' },
  INTERNAL: { fatal: false, message: 'No pudimos recibir su mensaje por un error nuestro. Se intentará de nuevo.' },
  INVALID_SESSION: {
    fatal: true,
    close: 4001,
    message: 'Su sesión de chat no es válida o venció. Empezaremos una conversación nueva.',
  },
  ORIGIN_NOT_ALLOWED: { fatal: true, close: 4003, message: 'El chat no está habilitado en este sitio web.' },
  ENTITY_NOT_FOUND: { fatal: true, close: 4004, message: 'El chat de esta entidad no existe o no está disponible.' },
} as const satisfies Record<string, { fatal: boolean; message: string; close?: number }>;
export type WidgetErrorCode = keyof typeof widgetErrors;
const errorCodes = Object.keys(widgetErrors) as [WidgetErrorCode, ...WidgetErrorCode[]];

export const ServerFrame = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('welcome'),
    protocol: z.literal(protocolVersion),
    token: z.string(),
    history: z.array(WidgetMessage),
    limits: WidgetLimits,
  }),
  z.object({ type: z.literal('message'), message: WidgetMessage }),
  z.object({ type: z.literal('ack'), id: z.string(), messageId: z.string(), duplicate: z.boolean() }),
  z.object({ type: z.literal('typing'), active: z.boolean() }),
  /** Back-pressure: the message is stored but its answer will wait behind other conversations' turns. */
  z.object({ type: z.literal('busy'), id: z.string(), message: z.string() }),
  z.object({
    type: z.literal('error'),
    code: z.enum(errorCodes),
    message: z.string(),
    ref: z.string().optional(),
    retryAfterMs: z.number().int().nonnegative().optional(),
    fatal: z.boolean(),
  }),
  z.object({ type: z.literal('pong'), id: z.string().optional() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** `GET /widget/v1/config/:entity`: the entity's branding and limits, public. */
export const WidgetConfigResponse = z.object({
  protocol: z.literal(protocolVersion),
  entity: z.object({ slug: z.string(), name: z.string() }),
  branding: z.object({
    title: z.string(),
    subtitle: z.string(),
    primaryColor: z.string(),
    primaryTextColor: z.string(),
    logoUrl: z.string().nullable(),
    welcome: z.string(),
    privacyUrl: z.string().nullable(),
  }),
  limits: WidgetLimits,
});
export type WidgetConfigResponse = z.infer<typeof WidgetConfigResponse>;

/** What a client may send, before the server's defaults and refinements: the widget builds frames of this type. */
export type ClientFrameInput = z.input<typeof ClientFrame>;
export type UploadedAttachmentInput = z.input<typeof UploadedAttachment>;
