/**
 * Reading and writing JSON Lines batch files of the import format: one JSON object per line, UTF-8, LF.
 * Reading streams line by line; a line that is not JSON is reported as such (never silently skipped
 * by the caller: it counts as a missing record in reconciliation).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { writeFileAtomic } from './jsonl-manifest.js';

/** One parsed line, or `null` when the line is not a JSON object. */
export type ParsedLine = Record<string, unknown> | null;

/** Streams the lines of a JSON Lines file (a missing file yields nothing). */
export async function* readJsonLines(file: string): AsyncGenerator<ParsedLine> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const missing = new Promise<boolean>((resolve) => {
    stream.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ENOENT'));
    stream.once('open', () => resolve(false));
  });
  if (await missing) return;
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    try {
      const value: unknown = JSON.parse(line);
      yield typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    } catch {
      yield null;
    }
  }
}

/** Writes objects as a JSON Lines file atomically; returns line count and SHA-256 of the bytes. */
export async function writeJsonLines(file: string, objects: readonly unknown[]): Promise<{ lines: number; sha256: string }> {
  const text = objects.map((o) => `${JSON.stringify(o)}\n`).join('');
  const bytes = Buffer.from(text, 'utf8');
  await writeFileAtomic(file, bytes);
  return { lines: objects.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
