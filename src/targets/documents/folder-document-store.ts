/**
 * A document store in a folder, for file-based targets (the JSON Lines / Citysoftnet-style export):
 * `documents/<id>` holds the bytes, `documents/<id>.json` the digest, media type and run. Both are
 * written to a temporary file in the same folder, flushed to disk and renamed into place, so a reader
 * (or a crash) never sees half a document: content first, then its digest file. A content file
 * without a digest file counts as not stored and is written again. A dry run writes nothing.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DocumentContent } from '../../core/documents/document-content-source.js';
import type { DocumentIssueEntry, DocumentPut, DocumentPutOutcome, DocumentStore, StoredDocumentInfo } from '../../core/documents/document-store.js';
import { ConfigurationError, DocumentError, ERROR_CODES } from '../../core/errors.js';

/** Options of {@link FolderDocumentStore}. */
export interface FolderDocumentStoreOptions {
  /** The export folder; documents go to `<root>/documents/`. */
  readonly root: string;
  /** Bytes per read when streaming a document back (default 1 MiB). */
  readonly chunkSize?: number;
}

/** Digest file contents (`documents/<id>.json`). */
interface DigestFile {
  readonly documentId: string;
  readonly sha256: string;
  readonly byteSize: number;
  readonly mediaType: string;
  readonly warnings: readonly string[];
  readonly runId: string;
}

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Stores documents as files below `<root>/documents/`. */
export class FolderDocumentStore implements DocumentStore {
  readonly kind = 'folder';
  readonly #dir: string;
  readonly #chunkSize: number;

  constructor(options: FolderDocumentStoreOptions) {
    this.#dir = path.join(path.resolve(options.root), 'documents');
    this.#chunkSize = options.chunkSize ?? 1 << 20;
  }

  /** The folder holding the documents. */
  get directory(): string {
    return this.#dir;
  }

  open(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async ensureSchema(): Promise<void> {
    await fs.mkdir(this.#dir, { recursive: true });
  }

  async describe(documentIds: readonly string[]): Promise<ReadonlyMap<string, StoredDocumentInfo>> {
    const out = new Map<string, StoredDocumentInfo>();
    for (const id of documentIds) {
      const digest = await this.#digest(id);
      if (digest !== null) out.set(id, { documentId: id, sha256: digest.sha256, byteSize: digest.byteSize, mediaType: digest.mediaType, runId: digest.runId });
    }
    return out;
  }

  async put(put: DocumentPut): Promise<DocumentPutOutcome> {
    const file = this.#file(put.documentId);
    if (put.dryRun) {
      for await (const chunk of put.content) void chunk;
      const sealed = put.seal();
      if (sealed === null) return 'abandoned';
      return outcomeOf(await this.#digest(put.documentId), sealed.sha256, sealed.byteSize);
    }
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await pipeline(Readable.from(put.content, { objectMode: false }), createWriteStream(tmp, { flags: 'wx' }));
      await fsync(tmp);
      const sealed = put.seal();
      if (sealed === null) {
        await fs.rm(tmp, { force: true });
        return 'abandoned';
      }
      const outcome = outcomeOf(await this.#digest(put.documentId), sealed.sha256, sealed.byteSize);
      await fs.rename(tmp, file);
      const digest: DigestFile = { documentId: put.documentId, ...sealed, warnings: [...sealed.warnings], runId: put.runId };
      await writeAtomically(`${file}.json`, `${JSON.stringify(digest)}\n`);
      return outcome;
    } catch (error) {
      await fs.rm(tmp, { force: true }).catch(() => undefined);
      if (error instanceof DocumentError || error instanceof ConfigurationError) throw error;
      throw new DocumentError('Writing a document into the folder store failed.', {
        code: ERROR_CODES.DOCUMENT_READ_FAILED,
        cause: error,
        details: { documentId: put.documentId },
      });
    }
  }

  async read(documentId: string): Promise<DocumentContent | null> {
    if ((await this.#digest(documentId)) === null) return null;
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.#file(documentId), 'r');
    } catch {
      return null;
    }
    return (async function* chunks(size: number): AsyncGenerator<Uint8Array> {
      try {
        for await (const chunk of handle.createReadStream({ highWaterMark: size, autoClose: false })) yield chunk as Buffer;
      } finally {
        await handle.close().catch(() => undefined);
      }
    })(this.#chunkSize);
  }

  async recordIssues(entries: readonly DocumentIssueEntry[]): Promise<void> {
    if (entries.length === 0) return;
    // An append-only log: one JSON line per quarantined document (codes and references only).
    await fs.appendFile(path.join(this.#dir, 'issues.jsonl'), entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
  }

  #file(documentId: string): string {
    if (!ID_PATTERN.test(documentId))
      throw new ConfigurationError('Document ids in the folder store must be lower-case UUIDs.', { details: { documentId: documentId.slice(0, 40) } });
    return path.join(this.#dir, documentId);
  }

  async #digest(documentId: string): Promise<DigestFile | null> {
    try {
      const file = this.#file(documentId);
      await fs.access(file);
      return JSON.parse(await fs.readFile(`${file}.json`, 'utf8')) as DigestFile;
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      return null;
    }
  }
}

function outcomeOf(prev: DigestFile | null, sha256: string, byteSize: number): DocumentPutOutcome {
  if (prev === null) return 'inserted';
  return prev.sha256 === sha256 && prev.byteSize === byteSize ? 'unchanged' : 'updated';
}

async function fsync(file: string): Promise<void> {
  const handle = await fs.open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${randomUUID()}.tmp`;
  await fs.writeFile(tmp, text, { flag: 'wx' });
  await fsync(tmp);
  await fs.rename(tmp, file);
}
