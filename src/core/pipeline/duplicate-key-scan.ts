/**
 * The scan before the load that makes a duplicated source key visible from its first row on. A source
 * read in file order can hold a key's second row batches after the first; without the scan the first
 * row would already be loaded when the second shows the duplicate. The scan reads the mapping's rows
 * once (only the key columns unless the mapping computes its key), keeps each key as a 16-byte token and
 * hands the tokens seen more than once to the tracker. Sources that page by key (`pagesByKey`) cannot
 * spread a key over two batches and are not scanned unless the mapping computes its own key.
 */
import type { ConnectorDriver, ReadRequest } from '../connector/connector.js';
import type { SourceRow } from '../connector/source-value.js';
import { CompactIdSet } from './compact-id-set.js';
import type { EngineContext } from './engine-context.js';
import { sourceKeyOf } from './row-phase.js';
import type { SourceMapping } from './source-mapping.js';

/** True when the mapping's read can hold one key in two batches, so the load must be preceded by a scan. */
export function needsDuplicateKeyScan(ctx: EngineContext, mapping: SourceMapping): boolean {
  return mapping.sourceKey !== undefined || ctx.definition.source.adapter.pagesByKey !== true;
}

/**
 * Reads the mapping's rows as the load will read them (`scope`: the same columns or delta bound) and
 * registers the keys that occur more than once; returns how many keys are duplicated.
 */
export async function scanDuplicateSourceKeys(
  ctx: EngineContext,
  mapping: SourceMapping,
  driver: ConnectorDriver,
  keyColumns: readonly string[] | undefined,
  scope: Pick<ReadRequest, 'columns' | 'since' | 'join' | 'query'>,
): Promise<number> {
  const keyed = keyColumns !== undefined && keyColumns.length > 0;
  // Only the key is needed unless the mapping computes it from other columns, or a delta bound filters
  // on the stamp column (which the reader then needs as well).
  const columns = mapping.sourceKey === undefined && keyed && scope.since === undefined ? keyColumns : scope.columns;
  const iterator = ctx.definition.source.createReader(driver).read({
    table: mapping.source.table,
    batchSize: ctx.batchSize,
    ...(columns === undefined ? {} : { columns }),
    ...(scope.since === undefined ? {} : { since: scope.since }),
    ...(scope.join === undefined ? {} : { join: scope.join }),
    ...(scope.query === undefined ? {} : { query: scope.query }),
    ...(keyed ? { keyColumns } : {}),
    ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
  });
  const once = new CompactIdSet();
  const twice = new CompactIdSet();
  try {
    for await (const { rows } of iterator) {
      for (const row of rows) {
        const token = ctx.sourceKeys.token(mapping.source.table, sourceKeyOf(ctx, mapping, row as SourceRow));
        if (!once.add(token)) twice.add(token);
      }
    }
  } finally {
    await iterator.return?.();
  }
  if (twice.size > 0) ctx.sourceKeys.setDuplicated(mapping.name, twice);
  return twice.size;
}
