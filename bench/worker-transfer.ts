/**
 * `tsx bench/worker-transfer.ts [rows]` — what moving a batch to a map worker and its results back
 * costs the main thread, per row, for the ledger workload's bookings: structured clone (what
 * `postMessage` does) against JSON text, for the source rows and for the per-row results
 * (`RowPhaseResult`). Synthetic rows, no personal data; prints µs per row.
 */
import { serialize, deserialize } from 'node:v8';
import { mapRows, type RowPhaseContext } from '../src/core/pipeline/row-phase.js';
import { idFunctionOf } from '../src/core/pipeline/id-scheme.js';
import { PseudonymKey } from '../src/core/pseudonyms/pseudonym-key.js';
import { modelRules } from '../src/mappings/define-migration.js';
import { modelEmbedsLineage } from '../src/core/pipeline/model-bindings.js';
import { ledgerBookingMapping } from './lib/ledger-workload-mapping.js';
import type { SourceRow } from '../src/core/connector/source-value.js';

const ROWS = Number(process.argv[2] ?? 1000);
const rows: SourceRow[] = Array.from({ length: ROWS }, (_, i) => ({
  kb_buchung_id: 1_000_000 + i,
  fa_fall_id: 10_000 + (i % 997),
  ba_person_id: 20_000 + (i % 811),
  buchungsart: ['ZA', 'EZ', 'VS', 'RE'][i % 4]!,
  buchungsdatum: '2024-03-15',
  valuta: i % 3 === 0 ? null : '2024-03-16',
  betrag: `${(i % 5000) + 1}.${String(i % 100).padStart(2, '0')}`,
  konto_soll: '3630.01',
  konto_haben: '1000.00',
  periode: '2024-03',
  status: ['B', 'F', 'O'][i % 3]!,
}));
const ctx: RowPhaseContext = {
  sourceSystem: 'bench-ledger',
  tenant: { commune: 351, sourceSystem: 'bench-ledger' },
  id: idFunctionOf('uuidv5', '351'),
  pseudonyms: PseudonymKey.fromText('worker-transfer-bench-key-0123456789'),
  validator: modelRules.validator,
  embedsLineage: modelEmbedsLineage,
  keyColumns: new Map([['bookings', ['kb_buchung_id']]]),
};

/** Best of `n` runs of `f`, in µs per row. */
function perRow(f: () => unknown, n = 15): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return Math.round((best * 1000 * 100) / ROWS) / 100;
}

const phase = await mapRows(ctx, ledgerBookingMapping, rows);
let mapUs = Number.POSITIVE_INFINITY;
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await mapRows(ctx, ledgerBookingMapping, rows);
  mapUs = Math.min(mapUs, ((performance.now() - t) * 1000) / ROWS);
}
const rowsV8 = serialize(rows);
const phaseV8 = serialize(phase);
const rowsJson = JSON.stringify(rows);
const phaseJson = JSON.stringify(phase);
const out = {
  rows: ROWS,
  'per-row phase in this thread (map, validate, hash) µs/row': Math.round(mapUs * 100) / 100,
  'rows: structured clone serialize µs/row': perRow(() => serialize(rows)),
  'rows: structured clone deserialize µs/row': perRow(() => deserialize(rowsV8)),
  'rows: JSON.stringify µs/row': perRow(() => JSON.stringify(rows)),
  'rows: JSON.parse µs/row': perRow(() => JSON.parse(rowsJson)),
  'results: structured clone serialize µs/row': perRow(() => serialize(phase)),
  'results: structured clone deserialize µs/row': perRow(() => deserialize(phaseV8)),
  'results: JSON.stringify µs/row': perRow(() => JSON.stringify(phase)),
  'results: JSON.parse µs/row': perRow(() => JSON.parse(phaseJson)),
  'bytes/row rows v8 | json': `${Math.round(rowsV8.length / ROWS)} | ${Math.round(rowsJson.length / ROWS)}`,
  'bytes/row results v8 | json': `${Math.round(phaseV8.length / ROWS)} | ${Math.round(phaseJson.length / ROWS)}`,
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
