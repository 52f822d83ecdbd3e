import type { WebSocket } from 'ws';
import { z } from 'zod';
import { Attachment } from '../../lib/messages.js';

/** The widget protocol's frames (docs/widget-protocol.md). Version 1; a new version gets a new endpoint. */
export const protocolVersion = 1;

/** The client's message id: the deduplication key of what a browser sends. */
export const clientIdPattern = /^[A-Za-z0-9_-]{8,64}$/;
const clientId = z.string().regex(clientIdPattern, 'id must be 8 to 64 characters of A-Z a-z 0-9 _ -');

/** Only what the upload endpoint hands out: a citizen cannot point a message at a file that is not theirs. */
const UploadedAttachment = Attachment.pick({
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

export interface WidgetMessage {
  id: string;
  /** 'agent': written by a person of the entity (a handed-off conversation); authorName says who. */
  from: 'citizen' | 'bot' | 'agent';
  authorName?: string;
  text: string;
  options: { label: string; value: string }[];
  /**
   * `fileId` names a file kept by the server (the citizen's uploads, files an agent sent): the widget downloads it
   * from `GET /widget/v1/files/:entity/:fileId` with the session token. `url` is a public link, when there is one.
   */
  attachments: {
    kind: string;
    fileName: string | null;
    mimeType: string | null;
    sizeBytes: number | null;
    url: string | null;
    fileId: string | null;
  }[];
  expects?: 'file';
  clientId?: string;
  at: string;
}

export interface WidgetLimits {
  maxTextLength: number;
  maxFrameBytes: number;
  messagesPerWindow: number;
  windowSeconds: number;
  upload: { maxBytes: number; types: string[] };
}

export type ServerFrame =
  | { type: 'welcome'; protocol: typeof protocolVersion; token: string; history: WidgetMessage[]; limits: WidgetLimits }
  | { type: 'message'; message: WidgetMessage }
  | { type: 'ack'; id: string; messageId: string; duplicate: boolean }
  | { type: 'typing'; active: boolean }
  | { type: 'busy'; id: string; message: string }
  | { type: 'error'; code: WidgetErrorCode; message: string; ref?: string; retryAfterMs?: number; fatal: boolean }
  | { type: 'pong'; id?: string };

/** Back-pressure: the message is stored but its answer will wait behind other conversations' turns. */
export const busyMessage =
  'Estamos atendiendo a muchas personas en este momento. Ya recibimos su mensaje y le responderemos en unos segundos.';

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

export const closeCodes = { idle: 4000, goingAway: 1001 } as const;

/** Sends an error frame; a fatal one then closes the socket with its code (docs/widget-protocol.md). */
export function sendWidgetError(
  socket: WebSocket,
  code: WidgetErrorCode,
  extra: { ref?: string; retryAfterMs?: number } = {},
): void {
  const spec = widgetErrors[code];
  if (socket.readyState === socket.OPEN) {
    socket.send(
      JSON.stringify({ type: 'error', code, message: spec.message, fatal: spec.fatal, ...extra } satisfies ServerFrame),
    );
  }
  if ('close' in spec) socket.close(spec.close, code);
}
