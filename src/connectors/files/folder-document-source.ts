/**
 * Document contents from an export folder: each document's `contentRef` is a path relative to the
 * folder (`/` or Windows `\` separators, as communes' exports write them). Files are streamed with
 * `fs.createReadStream`, never read whole. A reference that leaves the folder (`..`, an absolute path,
 * a drive letter, a symlink pointing outside) is refused with `CB_DOCUMENT_REF_INVALID`; the error
 * names the document's pseudonymous reference, never the path (paths often hold client names).
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { DocumentError, ERROR_CODES } from '../../core/errors.js';
import type { DocumentContent, DocumentContentSource, DocumentRef } from '../../core/documents/document-content-source.js';

/** Options of {@link FolderDocumentSource}. */
export interface FolderDocumentSourceOptions {
  /** The export folder every `contentRef` is relative to. */
  readonly root: string;
  /** Bytes per read (default 1 MiB). */
  readonly chunkSize?: number;
  /**
   * Where the relative path comes from (default: the reference's `contentRef`). Return `undefined`
   * when the record carries none: the document is then quarantined as missing.
   */
  readonly pathOf?: (ref: DocumentRef) => string | undefined;
}

const DEFAULT_CHUNK = 1 << 20;

/** Reads documents from files below one export folder. */
export class FolderDocumentSource implements DocumentContentSource {
  readonly kind = 'folder';
  readonly #root: string;
  readonly #chunkSize: number;
  readonly #pathOf: (ref: DocumentRef) => string | undefined;
  #realRoot: Promise<string> | undefined;

  constructor(options: FolderDocumentSourceOptions) {
    this.#root = path.resolve(options.root);
    this.#chunkSize = options.chunkSize ?? DEFAULT_CHUNK;
    this.#pathOf = options.pathOf ?? ((ref) => ref.contentRef);
  }

  async open(ref: DocumentRef): Promise<DocumentContent | null> {
    const relative = this.#pathOf(ref);
    if (relative === undefined || relative.trim() === '') return null;
    const full = this.#resolveInside(ref, relative);
    this.#realRoot ??= fs.realpath(this.#root);
    let real: string;
    try {
      real = await fs.realpath(full);
    } catch (error) {
      if (isMissing(error)) return null;
      throw readFailed(ref, error);
    }
    // A symlink inside the folder may still point outside it.
    if (!isInside(await this.#realRoot, real)) throw escapes(ref);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(real, constants.O_RDONLY);
    } catch (error) {
      if (isMissing(error)) return null;
      throw readFailed(ref, error);
    }
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      throw new DocumentError('The content reference of a document does not name a file.', {
        code: ERROR_CODES.DOCUMENT_REF_INVALID,
        details: refDetails(ref),
      });
    }
    return readChunks(handle, this.#chunkSize, ref);
  }

  #resolveInside(ref: DocumentRef, relative: string): string {
    const normalised = relative.replaceAll('\\', '/');
    if (normalised.includes('\0') || path.isAbsolute(normalised) || /^[a-zA-Z]:/.test(normalised)) throw escapes(ref);
    const full = path.resolve(this.#root, normalised);
    if (!isInside(this.#root, full)) throw escapes(ref);
    return full;
  }
}

/** Streams a file handle in chunks and closes it at the end (or when the consumer stops early). */
async function* readChunks(handle: fs.FileHandle, chunkSize: number, ref: DocumentRef): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of handle.createReadStream({ highWaterMark: chunkSize, autoClose: false })) {
      yield chunk as Buffer;
    }
  } catch (error) {
    throw readFailed(ref, error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function refDetails(ref: DocumentRef): Record<string, string> {
  return { recordRef: ref.recordRef, documentId: ref.documentId };
}

function escapes(ref: DocumentRef): DocumentError {
  return new DocumentError(`The content reference of document ${ref.recordRef} points outside the export folder; it is refused.`, {
    code: ERROR_CODES.DOCUMENT_REF_INVALID,
    details: refDetails(ref),
  });
}

function readFailed(ref: DocumentRef, cause: unknown): DocumentError {
  const code = (cause as { code?: string } | null)?.code;
  return new DocumentError(`Reading the content of document ${ref.recordRef} failed${typeof code === 'string' ? ` (${code})` : ''}.`, {
    code: ERROR_CODES.DOCUMENT_READ_FAILED,
    cause,
    details: { ...refDetails(ref), ...(typeof code === 'string' ? { errno: code } : {}) },
  });
}
