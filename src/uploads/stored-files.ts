import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Attachment } from '../lib/messages.js';
import { fallbackFileName } from './check-upload.js';
import type { UploadType } from './detect-file-type.js';

export const uploadRefPrefix = 'upload:';

/** Files citizens sent on channels without a media store of their own, kept in the database (see StoredFile). */
export class StoredFiles {
  constructor(private readonly prisma: Db) {}

  async save(input: {
    entityId: string;
    contactId: string;
    channel: string;
    mimeType: UploadType;
    fileName: string;
    data: Buffer;
  }): Promise<Attachment> {
    const row = await this.prisma.storedFile.create({
      data: {
        entityId: input.entityId,
        contactId: input.contactId,
        channel: input.channel,
        mimeType: input.mimeType,
        fileName: input.fileName,
        sizeBytes: input.data.length,
        sha256: createHash('sha256').update(input.data).digest('hex'),
        data: new Uint8Array(input.data),
      },
      select: { id: true },
    });
    return {
      kind: input.mimeType.startsWith('image/') ? 'image' : input.mimeType.startsWith('audio/') ? 'audio' : 'document',
      ref: `${uploadRefPrefix}${row.id}`,
      mimeType: input.mimeType,
      fileName: input.fileName,
      sizeBytes: input.data.length,
    };
  }

  /** True when every ref names a file this contact uploaded: a message cannot point at someone else's file. */
  async allOwnedBy(entityId: string, contactId: string, refs: string[]): Promise<boolean> {
    const ids = [...new Set(refs.map((r) => r.slice(uploadRefPrefix.length)))];
    if (ids.length === 0) return true;
    const owned = await this.prisma.storedFile.count({ where: { id: { in: ids }, entityId, contactId } });
    return owned === ids.length;
  }

  read(entityId: string, id: string) {
    return this.prisma.storedFile.findFirst({ where: { id, entityId } });
  }

  /** The file only when it belongs to this contact: what a citizen may download. */
  readOwned(entityId: string, contactId: string, id: string) {
    return this.prisma.storedFile.findFirst({ where: { id, entityId, contactId } });
  }
}

/** The stored file's id behind an `upload:<id>` ref, or null for channel media and URLs. */
export function storedFileIdOf(ref: string): string | null {
  return ref.startsWith(uploadRefPrefix) ? ref.slice(uploadRefPrefix.length) : null;
}

/** The extensions a stored file may end with, by the type its bytes show; the first is the one added when missing. */
const extensionsOf: Record<UploadType, readonly string[]> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'audio/ogg': ['ogg', 'opus', 'oga'],
  'audio/mpeg': ['mp3'],
  'audio/mp4': ['m4a', 'mp4'],
};

/**
 * Characters that change how a name is displayed without being visible: C0/C1 controls, bidirectional marks,
 * embeddings, overrides and isolates (a right-to-left override, U+202E, makes "factura<U+202E>fdp.exe" read as
 * "facturaexe.pdf"), zero-width and filler characters and the byte order mark.
 */
/* eslint-disable no-control-regex -- control characters are what this pattern removes */
const invisible =
  /[\u0000-\u001f\u007f-\u009f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u3164\ufeff\uffa0\ufff9-\ufffb]/g;
/* eslint-enable no-control-regex */

/**
 * A file name safe to store and show an agent or a citizen: no path, no invisible or direction-changing characters,
 * at most 120 characters, and one extension only, the one of the type the bytes show. A name that hides another
 * extension ("factura.pdf.exe", "foto.jpg.html") keeps its words but not their dots ("factura_pdf_exe.pdf"), so what
 * the reader sees is what the file is.
 */
export function cleanFileName(raw: string | undefined, type: UploadType): string {
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as sent
  }
  name = name.normalize('NFC').replace(invisible, '');
  name = name.split(/[\\/]/).pop()!.trim();
  const allowed = extensionsOf[type];
  const dot = name.lastIndexOf('.');
  const ending = dot >= 0 ? name.slice(dot + 1).toLowerCase() : '';
  const extension = allowed.includes(ending) ? ending : allowed[0]!;
  const stem = (allowed.includes(ending) ? name.slice(0, dot) : name)
    .replace(/\./g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s_]+|[\s_]+$/g, '');
  if (!stem) return fallbackFileName(type);
  return `${stem.slice(0, 120 - extension.length - 1)}.${extension}`;
}
