import type { ChannelHost, IncomingFile } from './channel-adapter.js';
import { ensureContact } from './ensure-contact.js';
import type { Db } from '../db/database.js';
import { detectFileType } from '../uploads/detect-file-type.js';
import { cleanFileName, StoredFiles } from '../uploads/stored-files.js';

/** The largest file a citizen may send on any channel (the widget's upload limit, docs/channels.md). */
export const maxInboundFileBytes = 5 * 1024 * 1024;

/**
 * Keeps a file a citizen sent on a messaging channel with their contact, under the same rules as widget uploads:
 * JPG, PNG, PDF or audio (voice notes: OGG/Opus, MP3, M4A) by their first bytes, at most 5 MB. Platforms expire
 * their copies; a case's evidence must not.
 */
export function inboundFileKeeper(prisma: Db): ChannelHost['keepFile'] {
  const files = new StoredFiles(prisma);
  return async (file: IncomingFile) => {
    if (file.data.length > maxInboundFileBytes) return { kept: false, reason: 'size' };
    const type = detectFileType(file.data);
    if (!type) return { kept: false, reason: 'type' };
    const contactId = await ensureContact(prisma, file.entityId, file.channel, file.senderId);
    const attachment = await files.save({
      entityId: file.entityId,
      contactId,
      channel: file.channel,
      mimeType: type,
      fileName: cleanFileName(file.fileName, type),
      data: file.data,
    });
    return { kept: true, attachment };
  };
}
