import { isRecord } from './protocol.js';
import { fileEndpoint } from './script-options.js';
import { texts } from './texts.js';

export type DownloadResult = { ok: true; blob: Blob } | { ok: false; reason: string };

/**
 * Fetches a file the server keeps for this session. The token goes in a header, not in the link: a link with a
 * credential in it would end up in browser history and server logs, and could be passed on.
 */
export async function downloadFile(
  server: string,
  entity: string,
  token: string,
  fileId: string,
): Promise<DownloadResult> {
  let response: Response;
  try {
    response = await fetch(fileEndpoint(server, entity, fileId), {
      credentials: 'omit',
      headers: { authorization: `Bearer ${token}` },
    });
  } catch {
    return { ok: false, reason: texts.downloadFailed };
  }
  if (response.ok) {
    try {
      return { ok: true, blob: await response.blob() };
    } catch {
      return { ok: false, reason: texts.downloadFailed };
    }
  }
  const body: unknown = await response.json().catch(() => null);
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  return {
    ok: false,
    reason: typeof error.message === 'string' && error.message !== '' ? error.message : texts.downloadFailed,
  };
}

/** Hands a downloaded file to the browser under its name, as a plain link with `download` would. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Late enough for the browser to have started reading it.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
