import {
  isJidBroadcast,
  isJidGroup,
  isJidNewsletter,
  isJidStatusBroadcast,
  isLidUser,
  isPnUser,
  jidNormalizedUser,
} from '@whiskeysockets/baileys';

/**
 * Chats the bot never answers: groups, status updates, channels (newsletters) and broadcast lists. Only one-to-one
 * chats with a person (a phone-number JID or a LID) reach the conversation engine.
 */
export function isIgnoredJid(jid: string | null | undefined): boolean {
  if (!jid) return true;
  if (isJidGroup(jid) || isJidStatusBroadcast(jid) || isJidNewsletter(jid) || isJidBroadcast(jid)) return true;
  return !(isPnUser(jid) || isLidUser(jid));
}

/** The user part of a JID without the device suffix, `…@s.whatsapp.net` for phone numbers and `…@lid` for LIDs. */
export function personJid(jid: string): string {
  return jidNormalizedUser(jid);
}

/** Both addresses WhatsApp may use for one person, when a message or a mapping tells us both. */
export interface PersonIds {
  /** The address the chat uses: what we answer to. */
  primary: string;
  /** The other address of the same person (phone JID for a LID chat, LID for a phone chat). */
  alternate?: string;
}

export function personIds(jid: string, alternate: string | null | undefined): PersonIds {
  const primary = personJid(jid);
  if (!alternate || isIgnoredJid(alternate)) return { primary };
  const other = personJid(alternate);
  return other === primary ? { primary } : { primary, alternate: other };
}

/** A phone number JID for the number an administrator types (digits with country code). */
export function phoneJid(digits: string): string {
  return `${digits}@s.whatsapp.net`;
}
