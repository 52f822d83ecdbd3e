import type { Telegram } from 'telegraf';

/**
 * Downloads a file a citizen sent (getFile, then the file URL), stopping past `maxBytes`: Telegram's declared size
 * can be missing. Resolves 'too-large' rather than reading more. The URL holds the bot token: it is never logged.
 */
export async function downloadTelegramFile(
  telegram: Telegram,
  fileId: string,
  maxBytes: number,
  timeoutMs = 30_000,
): Promise<Buffer | 'too-large'> {
  const file = await telegram.getFile(fileId);
  if (file.file_size !== undefined && file.file_size > maxBytes) return 'too-large';
  const url = await telegram.getFileLink(file);
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!response.ok || !response.body) throw new Error(`file download failed with HTTP ${response.status}`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    // Leaving the loop cancels the stream: the rest is never read.
    if (total > maxBytes) return 'too-large';
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
