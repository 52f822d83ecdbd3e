import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import type { Db } from '../../db/database.js';
import type { AuthCipher } from './auth-cipher.js';

const channel = 'whatsapp';
const credsKind = 'creds';

export interface DatabaseAuthState {
  state: AuthenticationState;
  /** Baileys calls this on every creds.update. */
  saveCreds(): Promise<void>;
}

/**
 * Baileys' authentication state kept in ChannelAuth rows, one per credential set or Signal key, each encrypted:
 * the same shape useMultiFileAuthState gives, so every instance that shares the database and WHATSAPP_AUTH_KEY
 * keeps the link to the phone. Throws AuthKeyMismatchError when the stored creds do not open with the key.
 */
export async function loadDatabaseAuthState(
  prisma: Db,
  entityId: string,
  cipher: AuthCipher,
  account = 'default',
): Promise<DatabaseAuthState> {
  const where = (kind: string, keyId: string) => ({
    entityId_channel_account_kind_keyId: { entityId, channel, account, kind, keyId },
  });
  const context = (kind: string, keyId: string) => `${entityId}|${channel}|${account}|${kind}|${keyId}`;
  const seal = (kind: string, keyId: string, value: unknown) =>
    cipher.encrypt(JSON.stringify(value, BufferJSON.replacer), context(kind, keyId));
  const open = (kind: string, keyId: string, value: string): unknown =>
    JSON.parse(cipher.decrypt(value, context(kind, keyId)), BufferJSON.reviver);
  const write = (kind: string, keyId: string, value: unknown) => {
    const sealed = seal(kind, keyId, value);
    return prisma.channelAuth.upsert({
      where: where(kind, keyId),
      create: { entityId, channel, account, kind, keyId, value: sealed },
      update: { value: sealed },
    });
  };

  const stored = await prisma.channelAuth.findUnique({ where: where(credsKind, credsKind) });
  const creds = stored ? (open(credsKind, credsKind, stored.value) as AuthenticationCreds) : initAuthCreds();

  return {
    state: {
      creds,
      keys: {
        async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
          const rows = await prisma.channelAuth.findMany({
            where: { entityId, channel, account, kind: type, keyId: { in: ids } },
            select: { keyId: true, value: true },
          });
          const found: { [id: string]: SignalDataTypeMap[T] } = {};
          for (const row of rows) {
            let value = open(type, row.keyId, row.value);
            // Baileys expects the protobuf class here, as its own file store gives it.
            if (type === 'app-state-sync-key' && value)
              value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
            found[row.keyId] = value as SignalDataTypeMap[T];
          }
          return found;
        },
        async set(data) {
          const writes = [];
          const deletes: { kind: string; keyId: string }[] = [];
          for (const [kind, entries] of Object.entries(data)) {
            for (const [keyId, value] of Object.entries(entries ?? {})) {
              if (value) writes.push(write(kind, keyId, value));
              else deletes.push({ kind, keyId });
            }
          }
          const removals = deletes.map((d) =>
            prisma.channelAuth.deleteMany({ where: { entityId, channel, account, kind: d.kind, keyId: d.keyId } }),
          );
          // One transaction: a session half written would break decryption for that contact.
          if (writes.length + removals.length > 0) await prisma.$transaction([...writes, ...removals]);
        },
      },
    },
    saveCreds: async () => {
      await write(credsKind, credsKind, creds);
    },
  };
}

/** Forgets the linked device (the phone logged it out): the next connection asks for a new pairing. */
export async function clearDatabaseAuthState(prisma: Db, entityId: string): Promise<number> {
  const removed = await prisma.channelAuth.deleteMany({ where: { entityId, channel } });
  return removed.count;
}

/** Whether a linked device is stored (creds exist and were registered with a phone). */
export async function hasStoredSession(prisma: Db, entityId: string, account = 'default'): Promise<boolean> {
  const row = await prisma.channelAuth.findFirst({
    where: { entityId, channel, account, kind: credsKind },
    select: { id: true },
  });
  return row !== null;
}
