import { fileType } from './file-check.js';
import { isRecord, type UploadedAttachment } from './protocol.js';
import { endpoint } from './script-options.js';
import { texts } from './texts.js';

export type UploadResult = { ok: true; attachment: UploadedAttachment } | { ok: false; reason: string };

/** Sends the raw file; the server answers with the attachment to put, as is, in a `message` frame. */
export async function uploadFile(server: string, entity: string, token: string, file: File): Promise<UploadResult> {
  let response: Response;
  try {
    response = await fetch(endpoint(server, 'uploads', entity), {
      method: 'POST',
      body: file,
      credentials: 'omit',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': fileType(file),
        'x-file-name': encodeURIComponent(file.name),
      },
    });
  } catch {
    return { ok: false, reason: texts.uploadFailed };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && isRecord(body) && isRecord(body.attachment) && typeof body.attachment.ref === 'string') {
    return { ok: true, attachment: body.attachment as unknown as UploadedAttachment };
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return {
    ok: false,
    reason: typeof error.message === 'string' && error.message !== '' ? error.message : texts.uploadFailed,
  };
}
