/**
 * `defineMapping` checks a declarative mapping once, up front (entities and fields exist in the canonical
 * model, every yield has an id, filter names are unique, declared columns cover what the rules read), and
 * compiles it to the engine's `SourceMapping`. The compiled object keeps the rules as data, so the mapping
 * document is rendered from exactly what runs.
 */
import { createHash } from 'node:crypto';
import { MappingError } from '../../core/errors.js';
import { getModel } from '../../core/model/model-registry.js';
import type { SourceRow } from '../../core/connector/source-value.js';
import { conditionColumns } from '../../core/connector/control-total-condition.js';
import { innerJoinFilterName, JOIN_UNMATCHED_COLUMN, validateReadSource, type JoinSource } from '../../core/connector/join-source.js';
import { assertReadOnlyQuery } from '../../connectors/shared/read-only-query.js';
import type { ChangeDetection, FilterRule, MapContext, MapResult, SourceMapping } from '../../core/pipeline/source-mapping.js';
import { parseOverlap } from '../../core/pipeline/delta-overlap.js';
import { CodeCoverage, type CodeListCoverage } from '../codes/code-coverage.js';
import { codeListPin, type CodeListMap } from '../codes/code-list-map.js';
import { isKnownCode, listCodeLists } from '../../validators/code-lists.js';
import { ruleColumns, type AnyFieldRule } from './field-rules.js';
import { restrictRow } from './evaluate-rules.js';
import { compileYields } from './compile-yields.js';
import type { CompiledYield, FilterDefinition, MappingDefinition } from './mapping-definition.js';

/** A code-list map a compiled mapping uses, as pinned in its version. */
export interface CodeListPinInfo {
  readonly id: string;
  readonly version: string;
  readonly fingerprint: string;
  readonly pin: string;
}

/** A compiled declarative mapping: the engine's `SourceMapping` plus its rules and code-list coverage. */
export interface CompiledMapping extends SourceMapping {
  /** The definition as written (version without pins). */
  readonly definition: MappingDefinition;
  /** Yields with rules as plain data and their source columns. */
  readonly yields: readonly CompiledYield[];
  /** Filters with their declared columns and descriptions. */
  readonly filterDefinitions: readonly FilterDefinition[];
  /** Every code-list map used, pinned by id, version and fingerprint. */
  readonly codeLists: readonly CodeListPinInfo[];
  /** Coverage of the code-list maps since compilation or the last reset. */
  coverage(): readonly CodeListCoverage[];
  /** Forgets the coverage counts (call before a new run). */
  resetCoverage(): void;
}

const FILTER_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Checks a mapping definition and compiles it. Throws MappingError `CB_MAPPING_INVALID` on any defect. */
export function defineMapping(definition: MappingDefinition): CompiledMapping {
  const fail = (message: string, details: Record<string, string | number | null> = {}): never => {
    throw new MappingError(message, { details: { mapping: definition.name, ...details } });
  };
  if (definition.name.trim() === '') fail('A mapping needs a name.');
  if (definition.version.trim() === '') fail('A mapping needs a version.');
  const source = compileSource(definition, fail);
  if (definition.yields.length === 0) fail('A mapping must yield at least one entity.');

  const model = getModel();
  const yields: CompiledYield[] = definition.yields.map((y, index) => {
    if (!model.hasEntity(y.entity)) fail('A yield names an entity the canonical model does not have.', { entity: y.entity, yield: index });
    const properties = new Map(model.entity(y.entity).properties.map((p) => [p.name, p]));
    const fields = Object.entries(y.fields as Record<string, AnyFieldRule | undefined>).flatMap(([field, rule]) => {
      if (rule === undefined) return [];
      if (field === 'lineage') fail('Lineage is set by the engine, not by a mapping.', { entity: y.entity });
      if (!properties.has(field)) fail('A field rule names a property the entity does not have.', { entity: y.entity, field });
      if (field === 'id' && rule.kind !== 'id') fail('The id field must use an id() rule (deterministic id from source key columns).', { entity: y.entity });
      if ((rule.kind === 'id' || rule.kind === 'reference' || rule.kind === 'computed') && rule.columns.length === 0) {
        fail('A rule must name at least one source column.', { entity: y.entity, field });
      }
      if (rule.kind === 'reference' && !model.hasEntity(rule.entity)) fail('A reference names an unknown entity.', { entity: y.entity, field });
      const codeList = properties.get(field)?.codeList;
      if (codeList !== undefined) checkCodeRule(rule, codeList, (m) => fail(m, { entity: y.entity, field, codeList }));
      return [{ field, rule, columns: ruleColumns(rule, field) }];
    });
    if (!fields.some((f) => f.field === 'id')) fail('Every yield needs an id() rule.', { entity: y.entity });
    return Object.freeze({ entity: y.entity, fields: Object.freeze(fields), ...(y.when === undefined ? {} : { when: y.when }) });
  });
  checkDistinctIds(yields, fail);

  const filters = definition.filters ?? [];
  const names = new Set<string>();
  for (const f of filters) {
    if (!FILTER_NAME.test(f.name)) fail('Filter names are kebab-case.', { filter: f.name });
    if (names.has(f.name)) fail('Two filters share a name.', { filter: f.name });
    if (f.description.trim() === '') fail('Every filter needs a description.', { filter: f.name });
    names.add(f.name);
  }
  const nothing = definition.whenNothingYields;
  if (nothing !== undefined) {
    if (!FILTER_NAME.test(nothing.filter)) fail('Filter names are kebab-case.', { filter: nothing.filter });
    if (names.has(nothing.filter)) fail('Two filters share a name.', { filter: nothing.filter });
    if (nothing.description.trim() === '') fail('Every filter needs a description.', { filter: nothing.filter });
  }

  for (const t of definition.controlTotals ?? []) {
    for (const c of [...(t.source.where ?? []), ...(t.source.negateWhen ?? [])]) {
      if ((c.in === undefined) === (c.notIn === undefined)) fail('A control-total condition needs exactly one of `in` and `notIn`.', { column: c.column });
      if ((c.in ?? c.notIn ?? []).length === 0) fail('A control-total condition needs at least one code.', { column: c.column });
    }
  }
  const changeDetection = compileDelta(definition, fail);
  const used = usedColumns(definition, yields);
  const declared = definition.source.columns;
  if ('join' in definition.source) {
    const outputs = definition.source.join.columns;
    for (const c of [...used, ...(declared ?? [])]) if (!Object.hasOwn(outputs, c)) fail('A rule reads a column the join does not output.', { column: c });
  }
  if (declared !== undefined) {
    for (const c of used) if (!declared.includes(c)) fail('A rule reads a column the source does not declare.', { column: c });
  }
  // The engine reads the stamp column for the marks; a declared column list must name it.
  if (declared !== undefined && changeDetection !== undefined && changeDetection.mode !== 'snapshot' && !declared.includes(changeDetection.column)) {
    fail('The delta column is not among the declared source columns.', {
      field: changeDetection.mode === 'stamp' ? 'delta.stamp' : 'delta.growingKey',
      column: changeDetection.column,
    });
  }
  const columns =
    declared ??
    (changeDetection !== undefined && changeDetection.mode !== 'snapshot' && !used.includes(changeDetection.column) ? [...used, changeDetection.column] : used);

  const maps = new Map<string, CodeListMap>();
  for (const y of yields) for (const { rule } of y.fields) if (rule.kind === 'lookup') collectMap(maps, rule.map, fail);
  const codeLists = [...maps.values()]
    .map((m) => Object.freeze({ id: m.id, version: m.version, fingerprint: m.fingerprint, pin: codeListPin(m) }))
    .sort((a, b) => (a.id < b.id ? -1 : 1));
  const version =
    codeLists.length === 0
      ? definition.version
      : `${definition.version}+codes.${createHash('sha256')
          .update(codeLists.map((c) => `${c.id}@${c.version}#${c.fingerprint}`).join('\n'))
          .digest('hex')
          .slice(0, 12)}`;

  const blankAsNull = definition.blankAsNull ?? true;
  const coverage = new CodeCoverage();
  const joinFilters = innerJoinFilters(source.join);
  for (const f of joinFilters) if (names.has(f.name)) fail('A filter uses the name of an inner join filter.', { filter: f.name });
  const filterRules: FilterRule[] = [
    // Inner-join misses come first: such a row's joined columns are NULL, which other rules would misjudge.
    ...joinFilters.map((f) => Object.freeze({ name: f.name, description: f.description, test: (row: SourceRow) => f.test(row) })),
    ...filters.map((f) =>
      Object.freeze({ name: f.name, description: f.description, test: (row: SourceRow) => f.test(restrictRow(row, f.columns, blankAsNull)) }),
    ),
  ];
  const entity = definition.entity ?? yields[0]?.entity ?? '';
  const produces = [...new Set(yields.map((y) => y.entity))];

  // Compiled once here: a row runs through specialised field functions, not the rule interpreter.
  const run = compileYields(yields, { mapping: definition.name, blankAsNull, coverage });
  const compiled: CompiledMapping = {
    name: definition.name,
    version,
    entity,
    produces,
    source: Object.freeze({ ...source, columns: Object.freeze([...columns]) }),
    ...(definition.dependsOn === undefined ? {} : { dependsOn: definition.dependsOn }),
    ...(changeDetection === undefined ? {} : { changeDetection }),
    ...(filterRules.length === 0 ? {} : { filters: filterRules }),
    ...(definition.controlTotals === undefined ? {} : { controlTotals: definition.controlTotals }),
    definition,
    yields,
    filterDefinitions: [...joinFilters, ...filters],
    codeLists,
    map(row: SourceRow, ctx: MapContext): MapResult {
      const result = run(row, ctx);
      // Only a row with no record and no error is the named filter's; errors still quarantine it.
      if (nothing !== undefined && result.records.length === 0 && !result.issues.some((i) => i.severity === 'error'))
        return { ...result, filtered: nothing.filter };
      return result;
    },
    coverage: () => coverage.snapshot(),
    resetCoverage: () => coverage.reset(),
  };
  if (!produces.includes(entity)) fail('The main entity is not among the yields.', { entity });
  return Object.freeze(compiled);
}

/** A constant code must be in the field's code list; a lookup map must target that list. */
function checkCodeRule(rule: AnyFieldRule, codeList: string, fail: (message: string) => never): void {
  if (rule.kind === 'constant' && typeof rule.value === 'string' && listCodeLists().includes(codeList) && !isKnownCode(codeList, rule.value)) {
    fail("A constant is not a code of the field's code list.");
  }
  if (rule.kind === 'lookup' && rule.map.targetCodeList !== undefined && rule.map.targetCodeList !== codeList) {
    fail('A code-list map targets a different code list than the field uses.');
  }
}

function usedColumns(definition: MappingDefinition, yields: readonly CompiledYield[]): string[] {
  const set = new Set<string>(keyColumnsOf(definition.source));
  for (const y of yields) {
    for (const c of y.when?.columns ?? []) set.add(c);
    for (const f of y.fields) for (const c of f.columns) set.add(c);
  }
  for (const f of definition.filters ?? []) for (const c of f.columns) set.add(c);
  // The engine sums control-total columns over filtered and quarantined rows too, so they must be read.
  for (const t of definition.controlTotals ?? []) {
    if (!('table' in definition.source) || t.source.table !== definition.source.table) continue;
    if (t.source.yearColumn !== undefined) set.add(t.source.yearColumn);
    for (const c of t.source.groupBy ?? []) set.add(c);
    for (const c of t.source.sumColumns ?? []) set.add(c);
    for (const c of [...conditionColumns(t.source.where), ...conditionColumns(t.source.negateWhen)]) set.add(c);
  }
  return [...set];
}

function checkDistinctIds(yields: readonly CompiledYield[], fail: (m: string, d?: Record<string, string | number | null>) => never): void {
  const seen = new Set<string>();
  for (const y of yields) {
    const rule = y.fields.find((f) => f.field === 'id')?.rule;
    if (rule?.kind !== 'id') continue;
    const key = `${y.entity}|${rule.columns.join(',')}|${rule.qualifier ?? ''}`;
    // Two records of one entity from one row with the same key would get the same id: one would overwrite the other.
    if (seen.has(key)) fail('Two yields of one entity have the same id key; add a qualifier.', { entity: y.entity });
    seen.add(key);
  }
}

function collectMap(maps: Map<string, CodeListMap>, map: CodeListMap, fail: (m: string, d?: Record<string, string | number | null>) => never): void {
  const known = maps.get(map.id);
  if (known !== undefined && (known.version !== map.version || known.fingerprint !== map.fingerprint)) {
    fail('One mapping uses two different versions of a code-list map.', { codeList: map.id });
  }
  maps.set(map.id, map);
}

/**
 * Compiles `delta` to the engine's change detection. The column is checked against the source table
 * when a run starts (it needs the source); here only the shape: one of `stamp` and `growingKey`, a
 * non-empty column, an overlap with a stamp. Throws through `fail` (CB_MAPPING_INVALID, naming the field).
 */
function compileDelta(
  definition: MappingDefinition,
  fail: (message: string, details?: Record<string, string | number | null>) => never,
): ChangeDetection | undefined {
  const delta = definition.delta as Record<string, unknown> | undefined;
  if (delta === undefined) return undefined;
  const hasStamp = 'stamp' in delta;
  const hasKey = 'growingKey' in delta;
  if (hasStamp === hasKey) fail('`delta` needs exactly one of `stamp` (with `overlap`) and `growingKey`.', { field: 'delta' });
  const field = hasStamp ? 'delta.stamp' : 'delta.growingKey';
  const column = hasStamp ? delta['stamp'] : delta['growingKey'];
  if (typeof column !== 'string' || column.trim() === '') fail('The delta column must be a column name.', { field });
  if (!hasStamp) {
    if ('overlap' in delta) fail('A growing key takes no overlap.', { field: 'delta.overlap' });
    return { mode: 'growing-key', column: column as string };
  }
  const overlap = delta['overlap'];
  // Whether the overlap fits the column's type is checked at run start, when the type is known.
  const durationOrCount =
    typeof overlap === 'number'
      ? Number.isSafeInteger(overlap) && overlap >= 0
      : typeof overlap === 'string' && (/^\d+$/.test(overlap.trim()) || typeof parseOverlap(overlap, 'timestamp') !== 'string');
  if (!durationOrCount)
    fail('The overlap must be a duration such as "15 minutes" or "PT15M", or a non-negative integer for an integer stamp.', { field: 'delta.overlap' });
  return { mode: 'stamp', column: column as string, overlap: overlap as string | number };
}

/** The declared key columns of any source kind. */
function keyColumnsOf(source: MappingDefinition['source']): readonly string[] {
  if ('join' in source) return source.join.key;
  if ('query' in source) return source.key;
  return source.keyColumns ?? [];
}

/** The engine's source of a table, join or query declaration (a query's `table` is the mapping name, for reports). */
function compileSource(
  definition: MappingDefinition,
  fail: (message: string, details?: Record<string, string | number | null>) => never,
): Omit<SourceMapping['source'], 'columns'> {
  const source = definition.source;
  const keyColumns = Object.freeze([...keyColumnsOf(source)]);
  if ('join' in source) {
    const { key: _key, ...join } = source.join;
    validateReadSource(definition.name, { join, keyColumns, ...(definition.controlTotals === undefined ? {} : { controlTotals: definition.controlTotals }) });
    return { table: join.from.table, join, keyColumns };
  }
  if ('query' in source) {
    validateReadSource(definition.name, {
      query: source.query,
      keyColumns,
      ...(definition.controlTotals === undefined ? {} : { controlTotals: definition.controlTotals }),
    });
    return { table: definition.name, query: assertReadOnlyQuery(definition.name, source.query), keyColumns };
  }
  if (typeof source.table !== 'string' || source.table.trim() === '') fail('A mapping needs a source table.');
  return { table: source.table, ...(source.keyColumns === undefined ? {} : { keyColumns }) };
}

/** One filter per inner join: driving rows it found no match for (see `JOIN_UNMATCHED_COLUMN`). */
function innerJoinFilters(join: JoinSource | undefined): FilterDefinition[] {
  return (join?.joins ?? [])
    .filter((j) => j.type === 'inner')
    .map((j) => ({
      name: innerJoinFilterName(j.as),
      description: `Rows of ${join!.from.table} with no match in ${j.table} (inner join ${j.as}).`,
      columns: [JOIN_UNMATCHED_COLUMN],
      test: (row: Readonly<SourceRow>) => row[JOIN_UNMATCHED_COLUMN] === j.as,
    }));
}
