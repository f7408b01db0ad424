/**
 * Ed25519 keys that sign the links of the run chain (`node:crypto`, PEM files): the commune keeps the
 * private key with its pseudonym key, the canton verifies with the public key. A signature is what an
 * editor with write access to the store cannot forge: without it, a careful editor could recompute every
 * hash after an edit.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError } from '../errors.js';

/** File names `createSigningKeyPair` writes into its folder. */
export const SIGNING_KEY_FILES = Object.freeze({ privateKey: 'run-signing-key.pem', publicKey: 'run-signing-key.pub.pem' });

/** Paths of a created key pair. */
export interface SigningKeyPairFiles {
  readonly privateKey: string;
  readonly publicKey: string;
  /** Short fingerprint of the public key: the first 16 hex digits of the SHA-256 of its SPKI DER. */
  readonly keyId: string;
}

/** A short fingerprint of a public key (SHA-256 of its SPKI DER, first 16 hex digits), stored with each signature. */
export function signingKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

/** Creates an Ed25519 key pair as PEM files in `dir` (the private key readable by its owner only); never overwrites. */
export async function createSigningKeyPair(dir: string): Promise<SigningKeyPairFiles> {
  const privateFile = path.join(dir, SIGNING_KEY_FILES.privateKey);
  const publicFile = path.join(dir, SIGNING_KEY_FILES.publicKey);
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) throw new ConfigurationError('A signing key file already exists there; it is never overwritten.', { details: { file } });
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await mkdir(dir, { recursive: true });
  await writeFile(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  await writeFile(publicFile, publicKey.export({ type: 'spki', format: 'pem' }), { flag: 'wx' });
  return { privateKey: privateFile, publicKey: publicFile, keyId: signingKeyId(publicKey) };
}

async function readKey(file: string, kind: 'private' | 'public'): Promise<KeyObject> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new ConfigurationError(`The ${kind} signing key file could not be read.`, { cause, details: { file } });
  }
  let key: KeyObject;
  try {
    key = kind === 'private' ? createPrivateKey(text) : createPublicKey(text);
  } catch (cause) {
    throw new ConfigurationError(`The file is not a PEM ${kind} key.`, { cause, details: { file } });
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new ConfigurationError(`The ${kind} signing key must be an Ed25519 key.`, { details: { file, type: key.asymmetricKeyType ?? null } });
  }
  return key;
}

/** Reads an Ed25519 private key (PEM) for signing links. */
export function loadSigningKey(file: string): Promise<KeyObject> {
  return readKey(file, 'private');
}

/** Reads an Ed25519 public key (PEM) for verifying links (a private key file works too: its public half is used). */
export async function loadVerifyKey(file: string): Promise<KeyObject> {
  try {
    return await readKey(file, 'public');
  } catch (error) {
    return createPublicKey(await readKey(file, 'private').catch(() => Promise.reject(error)));
  }
}

/** The Ed25519 signature (base64) of a link hash (its hex text). */
export function signLinkHash(hash: string, privateKey: KeyObject): string {
  return sign(null, Buffer.from(hash, 'utf8'), privateKey).toString('base64');
}

/** Whether `signature` (base64) is `publicKey`'s signature of the link hash. */
export function verifyLinkSignature(hash: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(hash, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
