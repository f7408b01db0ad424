/**
 * Describes a folder of legacy export files as a file-connector config: every `.csv`/`.tsv`/`.txt`
 * and `.jsonl`/`.ndjson` file becomes a table named after the file. For CSV the encoding (UTF-8 when
 * the sample decodes cleanly, else Windows-1252, the usual legacy Windows export) and the delimiter
 * (the most frequent of `;` `,` tab `|` in the header line) are detected from the first 64 KiB.
 */
import { createReadStream } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { CsvTableConfig, FileConnectorConfig, FileEncoding, FileTableConfig } from '../connectors/files/files-config.js';
import { ConfigurationError } from '../core/errors.js';

/** What was detected about one CSV file. */
export interface DetectedCsvFormat {
  readonly encoding: FileEncoding;
  readonly delimiter: string;
  readonly bom: boolean;
}

const SAMPLE_BYTES = 64 * 1024;

/** Detects encoding and delimiter of a CSV file from its first bytes. */
export async function detectCsvFormat(file: string): Promise<DetectedCsvFormat> {
  const handle = await open(file, 'r');
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const encoding: FileEncoding = bom || isUtf8(sample) ? 'utf-8' : 'windows-1252';
  const text = sample.toString('latin1');
  const header = text.split(/\r?\n/, 1)[0] ?? '';
  const candidates = [';', ',', '\t', '|'];
  const delimiter = candidates.map((d) => ({ d, n: header.split(d).length - 1 })).sort((a, b) => b.n - a.n)[0];
  return { encoding, delimiter: delimiter !== undefined && delimiter.n > 0 ? delimiter.d : ',', bom };
}

/** True when the bytes are valid UTF-8 (a sample cut inside a character still counts as valid). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, safeCut(bytes)));
    return true;
  } catch {
    return false;
  }
}

function safeCut(bytes: Uint8Array): number {
  // Drop a trailing partial multi-byte sequence so a 64 KiB cut is not mistaken for bad UTF-8.
  const end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i] ?? 0;
    if ((b & 0xc0) === 0xc0) return end - i;
    if ((b & 0x80) === 0) break;
  }
  return end;
}

/** What a whole file's bytes are: plain ASCII (readable as UTF-8 and as Windows-1252 alike), UTF-8, or not UTF-8. */
export type FileCharset = 'ascii' | 'utf-8' | 'windows-1252';

/**
 * Reads the whole file once and says honestly what its bytes are: `ascii` when no byte is above 0x7F
 * (the encoding cannot be told and does not matter), `utf-8` when the non-ASCII bytes decode as UTF-8,
 * otherwise `windows-1252` (the usual legacy Windows export).
 */
export async function detectFileCharset(file: string): Promise<FileCharset> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let nonAscii = false;
  try {
    for await (const chunk of createReadStream(file)) {
      const bytes = chunk as Buffer;
      if (!nonAscii && bytes.some((b) => b > 0x7f)) nonAscii = true;
      if (nonAscii) decoder.decode(bytes, { stream: true });
    }
    decoder.decode();
  } catch (error) {
    if (error instanceof TypeError) return 'windows-1252';
    throw error;
  }
  return nonAscii ? 'utf-8' : 'ascii';
}

/** Builds a file-connector config for every data file in `dir`, plus the detected CSV formats. */
export async function detectFileSource(
  dir: string,
  cwd: string,
): Promise<FileConnectorConfig & { readonly detected: Readonly<Record<string, DetectedCsvFormat>> }> {
  const baseDir = path.resolve(cwd, dir);
  const names = await readdir(baseDir).catch((cause: unknown) => {
    throw new ConfigurationError('The --files folder cannot be read.', { cause, details: { dir: baseDir } });
  });
  const tables: Record<string, FileTableConfig> = {};
  const detected: Record<string, DetectedCsvFormat> = {};
  for (const name of names.sort()) {
    const ext = path.extname(name).toLowerCase();
    const table = path.basename(name, path.extname(name));
    if (ext === '.jsonl' || ext === '.ndjson') tables[table] = { file: name, format: 'jsonl' };
    else if (ext === '.csv' || ext === '.tsv' || ext === '.txt') {
      const format = await detectCsvFormat(path.join(baseDir, name));
      detected[table] = format;
      const csv: CsvTableConfig = { file: name, format: 'csv', delimiter: format.delimiter, encoding: format.encoding };
      tables[table] = csv;
    }
  }
  if (Object.keys(tables).length === 0)
    throw new ConfigurationError('The --files folder holds no .csv, .tsv, .txt, .jsonl or .ndjson file.', { details: { dir: baseDir } });
  return { name: path.basename(baseDir) || 'files', baseDir, tables, detected };
}
