/**
 * Rolling back a run that stored documents (PGlite, SQL document store): the documents it stored new
 * are deleted with their chunks, the one it replaced gets its earlier row and bytes back, and one it
 * stored again unchanged keeps its bytes while its saved chunks are not kept twice.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentPut } from '../src/core/documents/document-store.js';
import { DOCUMENT_TABLES } from '../src/targets/documents/document-store-ddl.js';
import { RUN_HISTORY_TABLES } from '../src/targets/ledger/run-history-ledger-ddl.js';
import { createPgliteTarget } from '../src/targets/pglite/index.js';
import { rollbackRun } from '../src/targets/store/index.js';
import { TEST_COMMUNE } from './helpers/tenant.js';

const target = createPgliteTarget({});
afterAll(async () => {
  await target.close();
});

function put(runId: string, documentId: string, text: string): DocumentPut {
  const bytes = new TextEncoder().encode(text);
  return {
    documentId,
    runId,
    dryRun: false,
    content: (async function* () {
      yield bytes.subarray(0, 3);
      yield bytes.subarray(3);
    })(),
    seal: () => ({ sha256: createHash('sha256').update(bytes).digest('hex'), byteSize: bytes.length, mediaType: 'text/plain', warnings: [] }),
  };
}

async function dump(): Promise<string[]> {
  const out: string[] = [];
  for (const table of [DOCUMENT_TABLES.document, DOCUMENT_TABLES.content]) {
    const rows = await target.pglite.query<{ d: string }>(`SELECT coalesce(string_agg(x::text, E'\\n' ORDER BY x::text), '') AS d FROM ${table} x`);
    out.push(rows.rows[0]?.d ?? '');
  }
  return out;
}

async function run(write: (runId: string) => Promise<void>): Promise<string> {
  const runId = randomUUID();
  await target.beginRun({
    runId,
    migration: 'documents',
    commune: TEST_COMMUNE,
    sourceSystem: 'docs',
    dryRun: false,
    mappingVersions: {},
    startedAt: new Date().toISOString(),
  });
  await write(runId);
  await target.finishRun(runId, 'finished', {});
  return runId;
}

describe('rollback of stored documents → PGlite', () => {
  it('removes the documents a run stored new and restores the ones it replaced, bytes included', async () => {
    await target.open();
    await target.ensureSchema();
    const store = target.documentStore({ chunkSize: 4 });
    await store.ensureSchema();
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await run(async (runId) => {
      expect(await store.put(put(runId, a, 'first version of a'))).toBe('inserted');
      expect(await store.put(put(runId, b, 'b stays the same'))).toBe('inserted');
    });
    const before = await dump();
    const second = await run(async (runId) => {
      expect(await store.put(put(runId, a, 'second, longer version of a'))).toBe('updated');
      expect(await store.put(put(runId, b, 'b stays the same'))).toBe('unchanged');
      expect(await store.put(put(runId, c, 'c is new'))).toBe('inserted');
    });
    // Saved: both rows, but chunks only of the document whose bytes changed.
    const kept = await target.pglite.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM ${RUN_HISTORY_TABLES.history} WHERE run_id = $1 GROUP BY kind ORDER BY kind`,
      [second],
    );
    expect(kept.rows).toEqual([
      { kind: 'document', n: 2 },
      { kind: 'document-content', n: Math.ceil('first version of a'.length / 4) },
    ]);
    const result = await rollbackRun(target, second);
    expect(result.documents).toEqual({ removed: 1, restored: 2 });
    expect(await dump()).toEqual(before);
    const bytes: Uint8Array[] = [];
    for await (const chunk of (await store.read(a)) ?? []) bytes.push(chunk);
    expect(Buffer.concat(bytes).toString('utf8')).toBe('first version of a');
  }, 120_000);
});
