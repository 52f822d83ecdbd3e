// Frames of docs/widget-protocol.md (version 1). The server is trusted but not blindly: a frame that does not have
// the shape we rely on is dropped here, so the rest of the widget never has to guard against missing fields.
// Field names and frame types are read through the server's own wire types (type-only: no zod in the bundle), so a
// server change the widget does not follow fails the widget's type check.
import type * as Wire from '../../src/channels/web/widget-wire.js';

export interface QuickReply {
  label: string;
  value: string;
}

/** An attachment as shown in a bubble (server messages may lack a name or a link). */
export interface ShownAttachment {
  fileName: string | null;
  url: string | null;
  /** A file the server keeps: downloaded with the session token (GET /widget/v1/files/:entity/:fileId). */
  fileId: string | null;
  sizeBytes: number | null;
}

const FILE_ID = /^[0-9a-f-]{36}$/;

/** What the upload endpoint returns; it goes back to the server untouched inside a `message` frame. */
export type UploadedAttachment = Required<Wire.UploadedAttachmentInput>;

export interface WidgetMessage {
  id: string;
  from: 'citizen' | 'bot' | 'agent';
  /** The person who wrote an agent message. */
  authorName: string | null;
  text: string;
  options: QuickReply[];
  attachments: ShownAttachment[];
  expectsFile: boolean;
  clientId: string | null;
  at: string;
}

export interface Limits {
  maxTextLength: number;
  maxFrameBytes: number;
  upload: { maxBytes: number; types: string[] };
}

export const DEFAULT_LIMITS: Limits = {
  maxTextLength: 4000,
  maxFrameBytes: 16384,
  upload: { maxBytes: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'application/pdf'] },
};

export type ServerFrame =
  | { type: 'welcome'; token: string; history: WidgetMessage[]; limits: Limits | null }
  | { type: 'message'; message: WidgetMessage }
  | { type: 'ack'; id: string; messageId: string }
  | { type: 'typing'; active: boolean }
  | { type: 'busy'; message: string }
  | { type: 'error'; code: string; message: string; ref: string | null; retryAfterMs: number | null; fatal: boolean }
  | { type: 'pong' };

/** A citizen message as the offline queue keeps it: exactly the fields of the `message` frame plus when it was typed. */
export interface QueuedMessage {
  id: string;
  text?: string;
  payload?: string;
  attachments?: UploadedAttachment[];
  createdAt: string;
}

export type ClientFrame = Wire.ClientFrameInput;

type Json = Record<string, unknown>;

/** A record whose keys are checked against a wire type: a renamed server field is a compile error here. */
type Fields<T> = { [K in keyof T]?: unknown };
function fields<T>(value: Json): Fields<T> {
  return value as Fields<T>;
}

/** Frames of a newer server are expected and ignored at run time; at compile time every known type must be handled. */
function unknownFrame(_type: never): null {
  return null;
}

export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

function positive(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}

export function parseLimits(raw: unknown, fallback: Limits = DEFAULT_LIMITS): Limits {
  if (!isRecord(raw)) return fallback;
  const value = fields<Wire.WidgetLimits>(raw);
  const upload = fields<Wire.WidgetLimits['upload']>(isRecord(value.upload) ? value.upload : {});
  const types = Array.isArray(upload.types) ? upload.types.filter((t): t is string => typeof t === 'string') : [];
  return {
    maxTextLength: positive(value.maxTextLength, fallback.maxTextLength),
    maxFrameBytes: positive(value.maxFrameBytes, fallback.maxFrameBytes),
    upload: {
      maxBytes: positive(upload.maxBytes, fallback.upload.maxBytes),
      types: types.length > 0 ? types : fallback.upload.types,
    },
  };
}

export function parseMessage(raw: unknown): WidgetMessage | null {
  if (!isRecord(raw)) return null;
  const value = fields<Wire.WidgetMessage>(raw);
  if (typeof value.id !== 'string' || value.id === '') return null;
  if (value.from !== 'citizen' && value.from !== 'bot' && value.from !== 'agent') return null;
  const options = (Array.isArray(value.options) ? value.options : []).flatMap((o): QuickReply[] =>
    isRecord(o) && typeof o.label === 'string' && typeof o.value === 'string'
      ? [{ label: o.label, value: o.value }]
      : [],
  );
  type WireAttachment = Wire.WidgetMessage['attachments'][number];
  const attachments = (Array.isArray(value.attachments) ? value.attachments : []).flatMap((raw): ShownAttachment[] => {
    if (!isRecord(raw)) return [];
    const a = fields<WireAttachment>(raw);
    return [
      {
        fileName: stringOr(a.fileName, null),
        url: stringOr(a.url, null),
        // Only an id of the server's own shape goes into a URL path.
        fileId: typeof a.fileId === 'string' && FILE_ID.test(a.fileId) ? a.fileId : null,
        sizeBytes:
          typeof a.sizeBytes === 'number' && Number.isFinite(a.sizeBytes) && a.sizeBytes >= 0 ? a.sizeBytes : null,
      },
    ];
  });
  return {
    id: value.id,
    from: value.from,
    authorName: value.from === 'agent' ? stringOr(value.authorName, null) : null,
    text: stringOr(value.text, ''),
    options,
    attachments,
    expectsFile: value.expects === 'file',
    clientId: stringOr(value.clientId, null),
    at: stringOr(value.at, new Date().toISOString()),
  };
}

/** Parses one text frame; null for anything the widget cannot use (unknown types are expected from newer servers). */
export function parseServerFrame(raw: string): ServerFrame | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(parsed)) return null;
  const type = parsed.type as Wire.ServerFrame['type'];
  switch (type) {
    case 'welcome': {
      const data = fields<Extract<Wire.ServerFrame, { type: 'welcome' }>>(parsed);
      if (typeof data.token !== 'string') return null;
      const history = (Array.isArray(data.history) ? data.history : []).flatMap((m) => parseMessage(m) ?? []);
      return {
        type: 'welcome',
        token: data.token,
        history,
        limits: isRecord(data.limits) ? parseLimits(data.limits) : null,
      };
    }
    case 'message': {
      const message = parseMessage(fields<Extract<Wire.ServerFrame, { type: 'message' }>>(parsed).message);
      return message ? { type: 'message', message } : null;
    }
    case 'ack': {
      const data = fields<Extract<Wire.ServerFrame, { type: 'ack' }>>(parsed);
      return typeof data.id === 'string' ? { type: 'ack', id: data.id, messageId: stringOr(data.messageId, '') } : null;
    }
    case 'typing':
      return { type: 'typing', active: fields<Extract<Wire.ServerFrame, { type: 'typing' }>>(parsed).active === true };
    case 'busy': {
      const data = fields<Extract<Wire.ServerFrame, { type: 'busy' }>>(parsed);
      return typeof data.message === 'string' ? { type: 'busy', message: data.message } : null;
    }
    case 'error': {
      const data = fields<Extract<Wire.ServerFrame, { type: 'error' }>>(parsed);
      return {
        type: 'error',
        code: stringOr(data.code, 'UNKNOWN'),
        message: stringOr(data.message, ''),
        ref: stringOr(data.ref, null),
        retryAfterMs: typeof data.retryAfterMs === 'number' && data.retryAfterMs >= 0 ? data.retryAfterMs : null,
        fatal: data.fatal === true,
      };
    }
    case 'pong':
      return { type: 'pong' };
    default:
      return unknownFrame(type);
  }
}

/** The `message` frame for a queued message: only the protocol's fields, so the server's strict schema accepts it. */
export function messageFrame(message: QueuedMessage): Extract<ClientFrame, { type: 'message' }> {
  const frame: Extract<ClientFrame, { type: 'message' }> = { type: 'message', id: message.id };
  if (message.text !== undefined) frame.text = message.text;
  if (message.payload !== undefined) frame.payload = message.payload;
  if (message.attachments !== undefined && message.attachments.length > 0) frame.attachments = message.attachments;
  return frame;
}
