import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Attachment } from '../core/messages.js';
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

/** A file name safe to store and show: no path, no control characters, at most 120 characters. */
export function cleanFileName(raw: string | undefined, fallback: string): string {
  let name = raw ?? '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // keep it as sent
  }
  // eslint-disable-next-line no-control-regex
  name = name.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (name || fallback).slice(0, 120);
}
