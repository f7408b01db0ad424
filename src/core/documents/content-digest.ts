/**
 * Measures a document while it streams past: SHA-256, size and the head bytes the media-type
 * detector needs. Memory stays at one chunk plus {@link MEDIA_SNIFF_BYTES}, whatever the size.
 */
import { createHash, type Hash } from 'node:crypto';
import type { DocumentContent } from './document-content-source.js';
import { MEDIA_SNIFF_BYTES } from './media-type.js';

/** Digest of a whole stream. */
export interface ContentDigest {
  readonly sha256: string;
  readonly byteSize: number;
  /** The first bytes (at most {@link MEDIA_SNIFF_BYTES}). */
  readonly head: Uint8Array;
}

/** A pass-through tap: wrap a content stream, consume the wrapped stream, then read `digest()`. */
export class DigestTap {
  readonly #hash: Hash = createHash('sha256');
  #size = 0;
  #head = new Uint8Array(0);
  #done = false;
  #digest: ContentDigest | undefined;

  /** The content, unchanged, measured chunk by chunk as the consumer pulls it. */
  async *wrap(content: DocumentContent): AsyncGenerator<Uint8Array> {
    for await (const chunk of content) {
      if (chunk.length === 0) continue;
      this.#hash.update(chunk);
      this.#size += chunk.length;
      if (this.#head.length < MEDIA_SNIFF_BYTES) {
        const take = chunk.subarray(0, MEDIA_SNIFF_BYTES - this.#head.length);
        const head = new Uint8Array(this.#head.length + take.length);
        head.set(this.#head);
        head.set(take, this.#head.length);
        this.#head = head;
      }
      yield chunk;
    }
    this.#done = true;
  }

  /** True once the wrapped stream was read to its end. */
  get done(): boolean {
    return this.#done;
  }

  /** The digest; only valid after the wrapped stream ended. */
  digest(): ContentDigest {
    if (!this.#done) throw new Error('DigestTap.digest() called before the content was read to its end.');
    this.#digest ??= { sha256: this.#hash.digest('hex'), byteSize: this.#size, head: this.#head };
    return this.#digest;
  }
}

/** Reads a whole stream and returns its digest (reconciliation's read-back; memory: one chunk). */
export async function digestContent(content: DocumentContent): Promise<ContentDigest> {
  const tap = new DigestTap();
  for await (const chunk of tap.wrap(content)) void chunk;
  return tap.digest();
}

/**
 * Regroups a stream into chunks of exactly `size` bytes (the last one shorter), so a store writes
 * rows of a known bound whatever chunking the source uses. Holds at most one chunk.
 */
export async function* rechunk(content: DocumentContent, size: number): AsyncGenerator<Uint8Array> {
  let buffer = new Uint8Array(size);
  let filled = 0;
  for await (const chunk of content) {
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(size - filled, chunk.length - offset);
      buffer.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === size) {
        yield buffer;
        // A fresh buffer: the consumer may still hold the one just yielded (e.g. a query parameter).
        buffer = new Uint8Array(size);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield buffer.subarray(0, filled);
}
