import type { Limits } from './protocol.js';

export interface FileFacts {
  name: string;
  type: string;
  size: number;
}

// Windows leaves `type` empty for extensions it does not know; the server checks the bytes anyway.
const TYPE_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
};

export function fileType(file: FileFacts): string {
  if (file.type !== '') return file.type;
  const extension = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return (extension !== undefined ? TYPE_BY_EXTENSION[extension] : undefined) ?? '';
}

/** "JPG, PNG o PDF": the names citizens know, not MIME types. */
export function describeTypes(types: readonly string[]): string {
  const names = [...new Set(types.map((t) => (t === 'image/jpeg' ? 'JPG' : (t.split('/')[1] ?? t).toUpperCase())))];
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} o ${names[names.length - 1]}`;
}

const decimal = new Intl.NumberFormat('es-CO', { maximumFractionDigits: 1 });

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${decimal.format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${decimal.format(bytes / (1024 * 1024))} MB`;
}

/** A Spanish reason the file cannot be sent, or null when it may be uploaded. */
export function checkFile(file: FileFacts, upload: Limits['upload']): string | null {
  if (!upload.types.includes(fileType(file))) {
    return `No podemos recibir «${file.name}» porque ese tipo de archivo no está permitido. Envíe un archivo ${describeTypes(upload.types)}.`;
  }
  if (file.size > upload.maxBytes) {
    return `«${file.name}» pesa ${formatBytes(file.size)} y el máximo es ${formatBytes(upload.maxBytes)}. Envíe un archivo más liviano.`;
  }
  if (file.size === 0) return `«${file.name}» está vacío. Elija otro archivo.`;
  return null;
}
