/**
 * The keyed pseudonyms of casebridge: every pseudonym (quarantine references, document references,
 * statistics person keys, unknown code values in reports) is an HMAC-SHA-256 under one secret per
 * canton or commune. Without the secret a pseudonym cannot be reversed by hashing candidate keys; with
 * it, `casebridge resolve` maps a pseudonym back to its legacy key. There is no fixed fallback key.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigurationError } from '../errors.js';

/** Separator between the parts of a pseudonym's input; a unit separator cannot occur in keys by accident. */
const PART_SEPARATOR = '\u001f';

/** Bytes of a generated secret (256 bits, the HMAC-SHA-256 block size would allow more but adds nothing). */
export const PSEUDONYM_SECRET_BYTES = 32;

/** Smallest secret accepted (128 bits): shorter secrets could be guessed. */
const MIN_SECRET_BYTES = 16;

/** A pseudonymisation secret. The secret itself never leaves the object (no getter, not in JSON). */
export class PseudonymKey {
  readonly #secret: Buffer;
  /** Public fingerprint of the key (16 hex digits), shown in reports so a reader knows which key file resolves them. */
  readonly keyId: string;

  private constructor(secret: Buffer) {
    this.#secret = Buffer.from(secret);
    this.keyId = createHmac('sha256', this.#secret).update('casebridge.key-id').digest('hex').slice(0, 16);
  }

  /** A fresh random key. */
  static generate(): PseudonymKey {
    return new PseudonymKey(randomBytes(PSEUDONYM_SECRET_BYTES));
  }

  /** A key from secret bytes (at least 16). */
  static fromSecret(secret: Uint8Array): PseudonymKey {
    if (secret.length < MIN_SECRET_BYTES) {
      throw new ConfigurationError('The pseudonym secret is too short (at least 16 bytes).', { details: { bytes: secret.length } });
    }
    return new PseudonymKey(Buffer.from(secret));
  }

  /** A key from a text secret (e.g. an environment variable); the UTF-8 bytes are the secret. */
  static fromText(secret: string): PseudonymKey {
    return PseudonymKey.fromSecret(Buffer.from(secret, 'utf8'));
  }

  /** HMAC-SHA-256 (lowercase hex, 64 digits) of the parts joined by a unit separator. */
  digest(...parts: readonly string[]): string {
    return createHmac('sha256', this.#secret).update(parts.join(PART_SEPARATOR)).digest('hex');
  }

  /** Whether `other` holds the same secret (constant time). */
  equals(other: PseudonymKey): boolean {
    return other.keyId === this.keyId && timingSafeEqual(this.#secret, other.#secret);
  }

  /** The secret as base64, for writing the key file only. */
  exportSecret(): string {
    return this.#secret.toString('base64');
  }

  /** Never print the secret. */
  toJSON(): { keyId: string } {
    return { keyId: this.keyId };
  }
}
