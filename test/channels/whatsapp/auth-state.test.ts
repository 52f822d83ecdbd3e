import { Curve, proto } from '@whiskeysockets/baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { AuthCipher, AuthKeyMismatchError } from '../../../src/channels/whatsapp/auth-cipher.js';
import { clearDatabaseAuthState, loadDatabaseAuthState } from '../../../src/channels/whatsapp/database-auth-state.js';
import { ensureEntity } from '../../../src/entities/ensure-entity.js';
import { openMigratedDatabase, testProviders } from '../../support/test-database.js';

describe.each(testProviders)('WhatsApp session in the database on %s', (provider) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });

  async function open() {
    const opened = await openMigratedDatabase(provider);
    close = opened.close;
    const entity = await ensureEntity(opened.database.prisma, {
      slug: 'prueba',
      name: 'Alcaldía de Prueba',
      settings: {},
    });
    return { prisma: opened.database.prisma, entityId: entity.id };
  }

  it('round-trips creds and Signal keys through encrypted rows, as another instance with the same key reads them', async () => {
    const { prisma, entityId } = await open();
    const first = await loadDatabaseAuthState(
      prisma,
      entityId,
      new AuthCipher('the-same-key-on-every-instance-0123456789'),
    );
    first.state.creds.me = { id: '573009876543:12@s.whatsapp.net', name: 'Alcaldía' };
    first.state.creds.registered = true;
    await first.saveCreds();
    const preKey = Curve.generateKeyPair();
    await first.state.keys.set({
      'pre-key': { '7': preKey },
      'app-state-sync-key': { AAAA: { keyData: Buffer.from('app-state-key-data'), timestamp: 1772460000 } },
    });

    const second = await loadDatabaseAuthState(
      prisma,
      entityId,
      new AuthCipher('the-same-key-on-every-instance-0123456789'),
    );
    expect(second.state.creds.me).toEqual(first.state.creds.me);
    expect(second.state.creds.registered).toBe(true);
    expect(Buffer.from(second.state.creds.noiseKey.private)).toEqual(Buffer.from(first.state.creds.noiseKey.private));
    const keys = await second.state.keys.get('pre-key', ['7', '8']);
    expect(Buffer.from(keys['7']!.private)).toEqual(Buffer.from(preKey.private));
    expect(keys['8']).toBeUndefined();
    const sync = await second.state.keys.get('app-state-sync-key', ['AAAA']);
    expect(sync.AAAA).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(sync.AAAA!.keyData!).toString()).toBe('app-state-key-data');

    // A key set to null is deleted.
    await second.state.keys.set({ 'pre-key': { '7': null } });
    expect(await second.state.keys.get('pre-key', ['7'])).toEqual({});
  });

  it('stores nothing readable: no private key bytes, no phone number, no field names', async () => {
    const { prisma, entityId } = await open();
    const auth = await loadDatabaseAuthState(
      prisma,
      entityId,
      new AuthCipher('the-same-key-on-every-instance-0123456789'),
    );
    auth.state.creds.me = { id: '573009876543:12@s.whatsapp.net' };
    await auth.saveCreds();
    const rows = await prisma.channelAuth.findMany({ where: { entityId } });
    expect(rows).toHaveLength(1);
    const stored = rows[0]!.value;
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    for (const plain of [
      '573009876543',
      'noiseKey',
      'registrationId',
      Buffer.from(auth.state.creds.noiseKey.private).toString('base64'),
    ]) {
      expect(stored).not.toContain(plain);
    }
  });

  it('fails clearly with another key, and does not fall back to a new session', async () => {
    const { prisma, entityId } = await open();
    const auth = await loadDatabaseAuthState(
      prisma,
      entityId,
      new AuthCipher('the-same-key-on-every-instance-0123456789'),
    );
    await auth.saveCreds();
    const attempt = loadDatabaseAuthState(
      prisma,
      entityId,
      new AuthCipher('a-different-key-typed-on-one-instance-98765'),
    );
    await expect(attempt).rejects.toBeInstanceOf(AuthKeyMismatchError);
    await expect(attempt).rejects.toThrow(/WHATSAPP_AUTH_KEY/);
  });

  it('a value moved into another row does not decrypt there', async () => {
    const { prisma, entityId } = await open();
    const cipher = new AuthCipher('the-same-key-on-every-instance-0123456789');
    const auth = await loadDatabaseAuthState(prisma, entityId, cipher);
    await auth.state.keys.set({ session: { 'a.0': Buffer.from('session-a') } });
    const row = await prisma.channelAuth.findFirstOrThrow({ where: { entityId, kind: 'session' } });
    await prisma.channelAuth.create({
      data: { entityId, channel: 'whatsapp', account: 'default', kind: 'session', keyId: 'b.0', value: row.value },
    });
    await expect(auth.state.keys.get('session', ['b.0'])).rejects.toBeInstanceOf(AuthKeyMismatchError);
  });

  it('clearing forgets every row of the entity', async () => {
    const { prisma, entityId } = await open();
    const auth = await loadDatabaseAuthState(
      prisma,
      entityId,
      new AuthCipher('the-same-key-on-every-instance-0123456789'),
    );
    await auth.saveCreds();
    await auth.state.keys.set({ 'pre-key': { '1': Curve.generateKeyPair() } });
    expect(await clearDatabaseAuthState(prisma, entityId)).toBe(2);
    expect(await prisma.channelAuth.count()).toBe(0);
  });
});
