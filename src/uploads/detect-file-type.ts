/** The file types citizens may send from a browser (widget, console), told apart by their first bytes. */
export const uploadTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
/** Voice notes and audio files, kept from messaging channels (WhatsApp and Telegram voice notes are OGG/Opus). */
export const audioTypes = ['audio/ogg', 'audio/mpeg', 'audio/mp4'] as const;
/** Every type Ventanilla keeps. */
export const fileTypes = [...uploadTypes, ...audioTypes] as const;
export type UploadType = (typeof fileTypes)[number];

const signatures: { type: UploadType; bytes: number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'audio/ogg', bytes: [0x4f, 0x67, 0x67, 0x53] }, // OggS
  { type: 'audio/mpeg', bytes: [0x49, 0x44, 0x33] }, // ID3 tag before the first frame
];

/** ISO media brands of audio files (M4A from phones' recorders, WhatsApp on iPhone); video brands are not kept. */
const audioBrands = new Set(['M4A ', 'mp42', 'isom']);

export function detectFileType(data: Uint8Array): UploadType | undefined {
  const bySignature = signatures.find((s) => s.bytes.every((b, i) => data[i] === b))?.type;
  if (bySignature) return bySignature;
  if (isMpegFrame(data)) return 'audio/mpeg';
  if (ascii(data, 4, 8) === 'ftyp' && audioBrands.has(ascii(data, 8, 12))) return 'audio/mp4';
  return undefined;
}

export function isAudioType(type: string): boolean {
  return (audioTypes as readonly string[]).includes(type);
}

/**
 * An MP3 without an ID3 tag starts with a frame header: 11 sync bits, then a layer, bitrate and sample rate that are
 * not the reserved values. Checking those keeps JPEG (FF D8) and AAC (layer 0) from passing as MP3.
 */
function isMpegFrame(data: Uint8Array): boolean {
  if (data.length < 4 || data[0] !== 0xff) return false;
  const b1 = data[1]!;
  const b2 = data[2]!;
  const syncs = (b1 & 0xe0) === 0xe0;
  const layer = (b1 >> 1) & 0x03;
  const bitrate = b2 >> 4;
  const sampleRate = (b2 >> 2) & 0x03;
  return syncs && layer !== 0 && bitrate !== 0x0f && sampleRate !== 0x03;
}

function ascii(data: Uint8Array, from: number, to: number): string {
  return data.length < to ? '' : String.fromCharCode(...data.subarray(from, to));
}
