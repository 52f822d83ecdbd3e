import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BufferJSON, type WAMessage } from '@whiskeysockets/baileys';

/** A message as Baileys hands it in messages.upsert, stored with its BufferJSON encoding. */
export function fixture(
  name: string,
  overrides: { id?: string; remoteJid?: string; remoteJidAlt?: string } = {},
): WAMessage {
  const message = JSON.parse(
    readFileSync(join(import.meta.dirname, 'fixtures', `${name}.json`), 'utf8'),
    BufferJSON.reviver,
  ) as WAMessage;
  if (overrides.id) message.key.id = overrides.id;
  if (overrides.remoteJid) message.key.remoteJid = overrides.remoteJid;
  if (overrides.remoteJidAlt !== undefined) message.key.remoteJidAlt = overrides.remoteJidAlt;
  return message;
}
