import type { Logger } from 'pino';
import { z } from 'zod';
import { ChannelSendError } from '../../core/channel-adapter.js';
import { isTokenProblem, sendErrorFor, type GraphError } from './graph-error.js';

export interface GraphClientOptions {
  graphUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  logger: Logger;
  timeoutMs?: number;
}

const ErrorBody = z.object({
  error: z
    .object({
      code: z.number().optional(),
      message: z.string().optional(),
      error_user_title: z.string().optional(),
      error_data: z.object({ details: z.string().optional() }).loose().optional(),
    })
    .loose(),
});

const SendResponse = z.object({ messages: z.array(z.object({ id: z.string().min(1) }).loose()).min(1) }).loose();
const MediaUploadResponse = z.object({ id: z.string().min(1) }).loose();
const MediaInfo = z
  .object({ url: z.url(), mime_type: z.string().optional(), file_size: z.coerce.number().optional() })
  .loose();

export type MediaDownload = { ok: true; data: Buffer; mimeType?: string } | { ok: false; reason: 'size' | 'error' };

/** The few Graph API calls the channel makes, over Node's fetch; failures become ChannelSendError. */
export class GraphClient {
  private readonly base: string;
  /** Since when Meta refuses our token (cleared by the next accepted call), for /ready. */
  tokenRejectedSince: Date | undefined;

  constructor(private readonly options: GraphClientOptions) {
    this.base = `${options.graphUrl.replace(/\/+$/, '')}/${options.apiVersion}`;
  }

  get phoneNumberId(): string {
    return this.options.phoneNumberId;
  }

  /** Sends one message body; resolves with the wamid Meta gave it. */
  async sendMessage(body: Record<string, unknown>): Promise<string> {
    const res = await this.call(`${this.base}/${this.options.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const parsed = SendResponse.safeParse(await res.json().catch(() => null));
    if (!parsed.success)
      throw new ChannelSendError('WhatsApp respondió sin el identificador del mensaje enviado.', true);
    return parsed.data.messages[0]!.id;
  }

  /** Marks the citizen's message read and shows "typing…" until we answer (or 25 s). Best effort. */
  async markReadTyping(wamid: string): Promise<void> {
    try {
      await this.call(`${this.base}/${this.options.phoneNumberId}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          status: 'read',
          message_id: wamid,
          typing_indicator: { type: 'text' },
        }),
      });
    } catch (error) {
      this.options.logger.debug({ err: error }, 'whatsapp-cloud: mark read failed');
    }
  }

  /** Uploads a file for sending; resolves with the media id. */
  async uploadMedia(data: Buffer, mimeType: string, fileName: string): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', mimeType);
    form.append('file', new Blob([new Uint8Array(data)], { type: mimeType }), fileName);
    const res = await this.call(`${this.base}/${this.options.phoneNumberId}/media`, { method: 'POST', body: form });
    const parsed = MediaUploadResponse.safeParse(await res.json().catch(() => null));
    if (!parsed.success)
      throw new ChannelSendError('WhatsApp respondió sin el identificador del archivo subido.', true);
    return parsed.data.id;
  }

  /** Fetches a file a citizen sent: its URL first, then the bytes (both need the token). */
  async downloadMedia(mediaId: string, maxBytes: number): Promise<MediaDownload> {
    try {
      const infoRes = await this.call(`${this.base}/${encodeURIComponent(mediaId)}`, { method: 'GET' });
      const info = MediaInfo.parse(await infoRes.json());
      if (info.file_size !== undefined && info.file_size > maxBytes) return { ok: false, reason: 'size' };
      const res = await this.call(info.url, { method: 'GET' });
      const declared = Number(res.headers.get('content-length'));
      if (Number.isFinite(declared) && declared > maxBytes) return { ok: false, reason: 'size' };
      const data = Buffer.from(await res.arrayBuffer());
      if (data.length > maxBytes) return { ok: false, reason: 'size' };
      return { ok: true, data, ...(info.mime_type ? { mimeType: info.mime_type } : {}) };
    } catch (error) {
      this.options.logger.warn({ err: error }, 'whatsapp-cloud: media download failed');
      return { ok: false, reason: 'error' };
    }
  }

  private async call(url: string, init: RequestInit): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string> | undefined),
          authorization: `Bearer ${this.options.accessToken}`,
        },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
    } catch (error) {
      throw new ChannelSendError(
        `No se pudo conectar con WhatsApp (Meta): ${error instanceof Error ? error.message : String(error)}`,
        true,
      );
    }
    if (res.ok) {
      this.tokenRejectedSince = undefined;
      return res;
    }
    const parsed = ErrorBody.safeParse(await res.json().catch(() => null));
    const e = parsed.success ? parsed.data.error : undefined;
    const graphError: GraphError | undefined = e
      ? {
          ...(e.code !== undefined ? { code: e.code } : {}),
          ...(e.message !== undefined ? { message: e.message } : {}),
          ...(e.error_user_title !== undefined ? { title: e.error_user_title } : {}),
          ...(e.error_data?.details !== undefined ? { details: e.error_data.details } : {}),
        }
      : undefined;
    if (isTokenProblem(res.status, graphError)) {
      this.tokenRejectedSince ??= new Date();
      // Nothing goes out until a person renews the token: say so loudly, every time.
      this.options.logger.error(
        { status: res.status, code: graphError?.code },
        'whatsapp-cloud: Meta rejected the access token; renew WHATSAPP_CLOUD_ACCESS_TOKEN (messages wait and are retried)',
      );
    }
    throw sendErrorFor(res.status, graphError, res.headers.get('retry-after'));
  }
}
