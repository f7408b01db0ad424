/**
 * The entry of a map worker thread: imports the worker module once, then runs the per-row phase
 * (`mapRows`: map, validate, hash) of each batch it is sent and returns the results. It holds no run
 * state, so its results are what the main thread would compute; batches are handled one at a time, in
 * the order they arrive (a mapping's code-list counts are per batch).
 */
import { parentPort } from 'node:worker_threads';
import { PseudonymKey } from '../pseudonyms/pseudonym-key.js';
import { mapRows, type RowPhaseContext } from '../pipeline/row-phase.js';
import { idFunctionOf } from '../pipeline/id-scheme.js';
import { modelEmbedsLineage } from '../pipeline/model-bindings.js';
import type { RecordValidator } from '../pipeline/migration-definition.js';
import type { SourceMapping } from '../pipeline/source-mapping.js';
import { InvalidSourceValue, type SourceRow } from '../connector/source-value.js';
import { hasCodeCoverage } from '../report/code-list-coverage.js';
import { loadWorkerSetup, type MapWorkerSetup } from './map-worker-setup.js';
import { INVALID_VALUE_MARK, type BatchMessage, type ConfigureMessage, type FromWorker, type LoadMessage, type ToWorker } from './map-worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('map-worker.ts runs in a worker thread only.');

let setup: MapWorkerSetup | undefined;
let validator: RecordValidator | undefined;
let mappings = new Map<string, SourceMapping>();
let ctx: RowPhaseContext | undefined;
// One message at a time: a batch's mapping must not interleave with the next one's.
let chain: Promise<void> = Promise.resolve();

port.on('message', (message: ToWorker) => {
  chain = chain.then(() => handle(message));
});

function send(message: FromWorker): void {
  port!.postMessage(message);
}

async function handle(message: ToWorker): Promise<void> {
  try {
    if (message.type === 'load') await load(message);
    else if (message.type === 'configure') configure(message);
    else await batch(message);
  } catch (error) {
    const seq = message.type === 'batch' ? message.seq : -1;
    try {
      send({ type: 'failed', seq, error });
    } catch {
      // An error with properties a structured clone cannot copy goes as its class, message and stack.
      const plain = new Error(error instanceof Error ? error.message : String(error));
      plain.name = error instanceof Error ? error.name : 'Error';
      if (error instanceof Error && error.stack !== undefined) plain.stack = error.stack;
      send({ type: 'failed', seq, error: plain });
    }
  }
}

async function load(message: LoadMessage): Promise<void> {
  setup = await loadWorkerSetup(message.module, message.export);
  mappings = new Map(setup.mappings.map((m) => [m.name, m]));
  let model: RecordValidator | undefined;
  if (message.rulesModule !== undefined) {
    const rules = (await import(message.rulesModule)) as { modelRules?: { validator: RecordValidator } };
    model = rules.modelRules?.validator;
  }
  validator = setup.validator ?? model;
  send({
    type: 'loaded',
    mappings: setup.mappings.map((m) => [m.name, m.version] as const),
    ownValidator: setup.validator !== undefined,
    ownLineage: setup.embedLineage !== undefined,
    modelValidator: model !== undefined,
  });
}

function configure(message: ConfigureMessage): void {
  ctx = {
    sourceSystem: message.sourceSystem,
    tenant: message.tenant,
    id: idFunctionOf(message.idScheme, message.tenantIdKey),
    pseudonyms: PseudonymKey.fromSecret(Buffer.from(message.secret, 'base64')),
    validator: validator!,
    embedsLineage: setup?.embedLineage ?? modelEmbedsLineage,
    keyColumns: new Map(message.keyColumns),
  };
  send({ type: 'configured' });
}

async function batch(message: BatchMessage): Promise<void> {
  const mapping = mappings.get(message.mapping)!;
  if (hasCodeCoverage(mapping)) mapping.resetCoverage();
  const phase = await mapRows(ctx!, mapping, reviveRows(message.rows));
  send({ type: 'result', seq: message.seq, phase, coverage: hasCodeCoverage(mapping) ? mapping.coverage() : [] });
}

/** Turns the marked invalid values back into `InvalidSourceValue`s (see `INVALID_VALUE_MARK`). */
function reviveRows(rows: readonly SourceRow[]): readonly SourceRow[] {
  for (const row of rows) {
    for (const key in row) {
      const value = row[key] as { [INVALID_VALUE_MARK]?: InvalidSourceValue['reason']; raw?: string } | null;
      if (typeof value === 'object' && value !== null && value[INVALID_VALUE_MARK] !== undefined) {
        (row as Record<string, unknown>)[key] = new InvalidSourceValue(value[INVALID_VALUE_MARK], value.raw!);
      }
    }
  }
  return rows;
}
