import { detectFileType, type UploadType } from './detect-file-type.js';

/** The largest file anyone may send through Ventanilla (citizens on every channel, agents from the console). */
export const maxUploadBytes = 5 * 1024 * 1024;

export type UploadCheck = { ok: true; type: UploadType } | { ok: false; problem: 'empty' | 'size' | 'type' };

/** Other names senders give the same types ("audio/x-m4a" for M4A, "audio/mp3" for MP3). */
const typeAliases: Record<string, UploadType> = {
  'image/jpg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-m4a': 'audio/mp4',
  'audio/m4a': 'audio/mp4',
  'audio/opus': 'audio/ogg',
};

/**
 * The rules every upload follows: not empty, at most `maxBytes`, and JPG, PNG, PDF or audio (OGG/Opus, MP3, M4A) by
 * its first bytes. When the sender declared a type it must be the one the bytes show: a renamed executable claiming
 * to be a PDF is refused.
 */
export function checkUpload(data: Uint8Array, declaredType?: string, maxBytes = maxUploadBytes): UploadCheck {
  if (data.length === 0) return { ok: false, problem: 'empty' };
  if (data.length > maxBytes) return { ok: false, problem: 'size' };
  const actual = detectFileType(data);
  if (!actual) return { ok: false, problem: 'type' };
  if (declaredType !== undefined) {
    const declared = declaredType.split(';')[0]!.trim().toLowerCase();
    if ((typeAliases[declared] ?? declared) !== actual) return { ok: false, problem: 'type' };
  }
  return { ok: true, type: actual };
}

const fallbackNames: Record<UploadType, string> = {
  'application/pdf': 'documento.pdf',
  'image/png': 'imagen.png',
  'image/jpeg': 'imagen.jpg',
  'audio/ogg': 'nota-de-voz.ogg',
  'audio/mpeg': 'audio.mp3',
  'audio/mp4': 'audio.m4a',
};

/** The name a file gets when its sender gave none. */
export function fallbackFileName(type: UploadType): string {
  return fallbackNames[type];
}
