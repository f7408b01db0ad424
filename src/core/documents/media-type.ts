/**
 * Media type from magic bytes, for the document types communal social services keep (PDF, Office
 * files old and new, images, RTF, e-mails, text). The metadata's declared type is only a hint: a
 * container signature (ZIP, OLE2) or plain text fits several declared types, a PDF never fits `image/png`.
 */

/** Bytes of a document's head the detector looks at (the transfer keeps no more than this). */
export const MEDIA_SNIFF_BYTES = 4096;

/** The generic type when nothing is known. */
export const OCTET_STREAM = 'application/octet-stream';

interface Signature {
  readonly type: string;
  readonly offset: number;
  readonly bytes: readonly number[];
}

const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { type: 'application/pdf', offset: 0, bytes: ascii('%PDF-') },
  { type: 'image/png', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { type: 'image/jpeg', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/gif', offset: 0, bytes: ascii('GIF8') },
  { type: 'image/tiff', offset: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { type: 'image/tiff', offset: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { type: 'image/bmp', offset: 0, bytes: ascii('BM') },
  { type: 'application/rtf', offset: 0, bytes: ascii('{\\rtf') },
  { type: 'application/zip', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  // OLE2 compound file: .doc, .xls, .ppt, .msg.
  { type: 'application/x-ole-storage', offset: 0, bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] },
  { type: 'application/xml', offset: 0, bytes: ascii('<?xml') },
];

/** Declared types a container signature stands for (the container cannot tell them apart cheaply). */
const CONTAINER_FAMILIES: Readonly<Record<string, (declared: string) => boolean>> = {
  'application/zip': (d) =>
    d === 'application/zip' ||
    d.startsWith('application/vnd.openxmlformats-officedocument.') ||
    d.startsWith('application/vnd.oasis.opendocument.') ||
    d === 'application/epub+zip' ||
    d === 'application/vnd.ms-xpsdocument',
  'application/x-ole-storage': (d) =>
    d === 'application/x-ole-storage' || d === 'application/msword' || d.startsWith('application/vnd.ms-') || d === 'application/vnd.visio',
  'application/xml': (d) => d === 'application/xml' || d === 'text/xml' || d.endsWith('+xml') || d === 'text/html' || d === 'application/xhtml+xml',
  'text/plain': (d) => d.startsWith('text/') || d === 'application/json' || d === 'application/xml' || d.endsWith('+xml') || d === 'message/rfc822',
};

/**
 * Detects the media type from the first bytes of a document (up to {@link MEDIA_SNIFF_BYTES}); `null`
 * when no signature matches and the bytes are not plain text.
 */
export function detectMediaType(head: Uint8Array): string | null {
  for (const sig of SIGNATURES) {
    if (head.length < sig.offset + sig.bytes.length) continue;
    if (sig.bytes.every((b, i) => head[sig.offset + i] === b)) return sig.type;
  }
  return looksLikeText(head) ? 'text/plain' : null;
}

/** Printable UTF-8 / Latin-1 text: no NUL and few control characters apart from tab, CR, LF, FF. */
function looksLikeText(head: Uint8Array): boolean {
  if (head.length === 0) return false;
  let control = 0;
  for (const b of head) {
    if (b === 0) return false;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c && b !== 0x1b) control += 1;
  }
  return control * 100 <= head.length;
}

/** The media type to record and whether it contradicts the declared one. */
export interface MediaTypeDecision {
  readonly mediaType: string;
  /** True when the content's signature does not fit the declared type (a warning, not an error). */
  readonly mismatch: boolean;
  /** What the magic bytes said (`null`: unknown). */
  readonly detected: string | null;
}

/**
 * Combines detection and declaration: a declared type that the detected signature (or container)
 * covers is kept (it is more precise: `…wordprocessingml.document` rather than `application/zip`);
 * otherwise the detected type wins and a contradiction is flagged. Unknown content keeps the declared
 * type, or `application/octet-stream`.
 */
export function resolveMediaType(head: Uint8Array, declared: string | undefined): MediaTypeDecision {
  const detected = detectMediaType(head);
  const hint = declared?.trim().toLowerCase() || undefined;
  if (detected === null) return { mediaType: hint ?? OCTET_STREAM, mismatch: false, detected };
  if (hint === undefined || hint === OCTET_STREAM) return { mediaType: detected, mismatch: false, detected };
  if (hint === detected) return { mediaType: detected, mismatch: false, detected };
  const family = CONTAINER_FAMILIES[detected];
  if (family?.(hint) === true) return { mediaType: hint, mismatch: false, detected };
  return { mediaType: detected, mismatch: true, detected };
}
