import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** The stored value cannot be opened with this key: WHATSAPP_AUTH_KEY changed, or the row was tampered with. */
export class AuthKeyMismatchError extends Error {
  constructor() {
    super(
      'The stored WhatsApp session cannot be decrypted with WHATSAPP_AUTH_KEY: the key differs from the one it was saved ' +
        'with (use the same key on every instance), or the stored value was altered.',
    );
    this.name = 'AuthKeyMismatchError';
  }
}

const version = 'v1';

/**
 * AES-256-GCM for the linked device's keys at rest. Each value gets a random IV and is bound (as associated data) to
 * the row it belongs to, so a value copied into another row does not decrypt either. The key comes from
 * WHATSAPP_AUTH_KEY through HKDF: the variable is a long random secret, so no slow derivation is needed.
 */
export class AuthCipher {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'ventanilla', 'whatsapp-auth-state v1', 32));
  }

  /** `v1.<iv>.<tag>.<ciphertext>`, base64url. */
  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      version,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  decrypt(value: string, context: string): string {
    const [v, iv, tag, data] = value.split('.');
    if (v !== version || !iv || !tag || data === undefined) throw new AuthKeyMismatchError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new AuthKeyMismatchError();
    }
  }
}
