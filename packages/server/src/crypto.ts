import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Field encryption for personal data (resident ID numbers): AES-256-GCM with a key from
 * SECRET_KEY, or a key generated once under DATA_DIR for an embedded install.
 */
export class Secrets {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(secret: string) {
    this.encKey = createHash('sha256')
      .update('redline:enc:' + secret)
      .digest();
    this.macKey = createHash('sha256')
      .update('redline:mac:' + secret)
      .digest();
  }

  static load(secretFromEnv: string | undefined, dataDir: string): Secrets {
    if (secretFromEnv) return new Secrets(secretFromEnv);
    const file = path.join(dataDir, 'secret.key');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    return new Secrets(readFileSync(file, 'utf8').trim());
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  decrypt(sealed: string): string {
    const raw = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for equality look-ups (uniqueness) without storing the value in clear. */
  mac(value: string): string {
    return createHmac('sha256', this.macKey).update(value).digest('hex');
  }

  /** A fingerprint stored in the database so a wrong key is caught at boot, not at first decrypt. */
  fingerprint(): string {
    return this.mac('redline-key-check').slice(0, 16);
  }
}

export const sha256Hex = (value: string | Buffer) => createHash('sha256').update(value).digest('hex');
export const randomToken = (bytes = 32) => randomBytes(bytes).toString('base64url');
