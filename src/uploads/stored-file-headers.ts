/**
 * Headers for serving a stored file to a browser: its stored type, never sniffed; images and audio open in place,
 * anything else (PDF) is downloaded; the name travels ASCII-only plus RFC 5987's UTF-8 form, so "Resolución.pdf" keeps its accent.
 * The strict CSP means that even a file that fooled the type check could run nothing.
 */
export function storedFileHeaders(file: {
  fileName: string;
  mimeType: string;
  data: Uint8Array;
}): Record<string, string> {
  // Audio plays in place too (the console's <audio> player, or the file opened on its own).
  const inline = file.mimeType === 'image/jpeg' || file.mimeType === 'image/png' || file.mimeType.startsWith('audio/');
  const ascii = file.fileName
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(file.fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return {
    'content-type': file.mimeType,
    'content-length': String(file.data.length),
    'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
    'cache-control': 'private, no-store',
  };
}
