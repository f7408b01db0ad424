/**
 * Field rules: how one canonical field gets its value from a source row. Rules are immutable plain data
 * with a `kind` discriminant (Kysely's operation nodes), so the engine runs them and the mapping document
 * prints them from the same objects. Builders (`copy()`, `rename('X')`, `transform('X', t.swissDate())`,
 * ...) make them pleasant to write and give field-level type checks against the canonical types.
 */
import type { JsonValue, SourceRow } from '../../core/connector/source-value.js';
import type { CodeListMap } from '../codes/code-list-map.js';
import { checkCodeListPolicy, STRICT_CODE_POLICY, type CodeListPolicy } from '../codes/code-list-policy.js';
import type { Transform, TransformResult } from '../transforms/transform-result.js';

/** Severity of the issue a failing rule records: `error` quarantines the row, `warning` loads it without the field. */
export type RuleSeverity = 'error' | 'warning';

/**
 * What a rule does with a source value it cannot use (a zero date, an unparseable amount, an unmapped
 * code, a failed computation): `quarantine` the row (the default), load the field as `null` with a
 * warning, or load a `default` value with a warning. The warning keeps the issue code and says which.
 */
export type InvalidValuePolicy = 'quarantine' | 'null' | { readonly default: JsonValue };

/** Copy the column of the same name as the field, unchanged. */
export interface CopyRule {
  readonly kind: 'copy';
  /** A value the source cannot represent (e.g. a MariaDB zero date): default `quarantine`. */
  readonly onInvalid?: InvalidValuePolicy;
}

/** Copy a differently named column, unchanged. */
export interface RenameRule {
  readonly kind: 'rename';
  readonly column: string;
  readonly onInvalid?: InvalidValuePolicy;
}

/** Read a column and run a named transform on it (optionally picking one property of an object result). */
export interface TransformRule<V = unknown> {
  readonly kind: 'transform';
  readonly column: string;
  readonly transform: Transform<unknown, unknown>;
  readonly pick?: string;
  readonly severity: RuleSeverity;
  /** Overrides `severity`: what a value the transform rejects (or the source cannot represent) becomes. */
  readonly onInvalid?: InvalidValuePolicy;
  /** Phantom: the value type the rule produces (type checking only). */
  readonly __value?: V;
}

/** A constant value. */
export interface ConstantRule<V = unknown> {
  readonly kind: 'constant';
  readonly value: V & JsonValue;
}

/** Map a source code through a code-list map under a policy. */
export interface LookupRule {
  readonly kind: 'lookup';
  /** The (first) source column. */
  readonly column: string;
  /** All source columns of a multi-column code (values joined with `|`, e.g. `SH|3`); absent for one column. */
  readonly columns?: readonly string[];
  readonly map: CodeListMap;
  readonly policy: CodeListPolicy;
  /** What an unmapped or unapproved code the policy rejects becomes (default `quarantine`). */
  readonly onInvalid?: InvalidValuePolicy;
}

/** Helpers a computed rule may use. */
export interface ComputeContext {
  /** Deterministic canonical id of an entity (as `MapContext.id`). */
  id(entity: string, ...legacyKey: readonly (string | number | bigint)[]): string;
}

/** A value computed from several declared columns; the function sees only those columns. */
export interface ComputedRule<V = unknown> {
  readonly kind: 'computed';
  readonly columns: readonly string[];
  /** What the computation does, for the mapping document. */
  readonly description: string;
  /** Computes the value from the columns read (an `ok`, `keep(...).warn` or `fail` result). */
  readonly compute: (row: Readonly<SourceRow>, ctx: ComputeContext) => TransformResult<V | null>;
  readonly severity: RuleSeverity;
  readonly onInvalid?: InvalidValuePolicy;
}

/** The deterministic id of another entity's record, from source key columns (a booking points to its case). */
export interface ReferenceRule {
  readonly kind: 'reference';
  readonly entity: string;
  readonly columns: readonly string[];
  /** Fixed key part appended after the columns (must match the referenced record's `id` qualifier). */
  readonly qualifier?: string;
  /** When all key columns are null: absent (optional) or an error (`mapping.reference_key_missing`). */
  readonly optional: boolean;
}

/** This record's own deterministic id from source key columns. */
export interface IdRule {
  readonly kind: 'id';
  readonly columns: readonly string[];
  /** Fixed key part that tells apart several records of one entity from one row (`home`, `postal`). */
  readonly qualifier?: string;
}

/** Any field rule, untyped. */
export type AnyFieldRule = CopyRule | RenameRule | TransformRule | ConstantRule | LookupRule | ComputedRule | ReferenceRule | IdRule;

/** Every rule kind. */
export type FieldRuleKind = AnyFieldRule['kind'];

/** A rule that can fill a field of value type `V` (string-only rules only for string fields). */
export type FieldRule<V> =
  | CopyRule
  | RenameRule
  | TransformRule<NonNullable<V>>
  | ConstantRule<NonNullable<V>>
  | ComputedRule<NonNullable<V>>
  | (string extends NonNullable<V> ? LookupRule | ReferenceRule | IdRule : never);

/** Options of rules that can fail. */
export interface RuleOptions {
  /** Default `error`: the row is quarantined. `warning`: loaded without the field, issue recorded. */
  readonly severity?: RuleSeverity;
  /** What an invalid value becomes; overrides `severity` (`null` ≙ `severity: 'warning'`). */
  readonly onInvalid?: InvalidValuePolicy;
}

/** Options of the plain copy rules. */
export interface CopyOptions {
  readonly onInvalid?: InvalidValuePolicy;
}

/** Copies the column named like the field. */
export function copy(options: CopyOptions = {}): CopyRule {
  return Object.freeze({ kind: 'copy', ...policyOf(options.onInvalid) });
}

/** Copies column `column` into the field. */
export function rename(column: string, options: CopyOptions = {}): RenameRule {
  return Object.freeze({ kind: 'rename', column, ...policyOf(options.onInvalid) });
}

function policyOf(onInvalid: InvalidValuePolicy | undefined): { onInvalid?: InvalidValuePolicy } {
  if (onInvalid === undefined) return {};
  return { onInvalid: typeof onInvalid === 'object' ? Object.freeze({ default: onInvalid.default }) : onInvalid };
}

/** Runs `transform` on `column`. */
export function transform<O>(column: string, tr: Transform<unknown, O>, options?: RuleOptions): TransformRule<NonNullable<O>>;
/** Runs `transform` on `column` and keeps property `pick` of its object result (e.g. a split name part). */
export function transform<O, K extends keyof O & string>(
  column: string,
  tr: Transform<unknown, O>,
  options: RuleOptions & { readonly pick: K },
): TransformRule<NonNullable<O[K]>>;
export function transform(column: string, tr: Transform<unknown, unknown>, options: RuleOptions & { readonly pick?: string } = {}): TransformRule {
  return Object.freeze({
    kind: 'transform',
    column,
    transform: tr,
    severity: options.severity ?? 'error',
    ...policyOf(options.onInvalid),
    ...(options.pick === undefined ? {} : { pick: options.pick }),
  });
}

/** A constant value. */
export function constant<V extends JsonValue>(value: V): ConstantRule<V> {
  return Object.freeze({ kind: 'constant', value });
}

/** Maps `column` through a code-list map; the policy is checked against the map now, not at run time. */
export function lookup(column: string | readonly string[], map: CodeListMap, policy: Partial<CodeListPolicy> & CopyOptions = {}): LookupRule {
  const { onInvalid, ...codes } = policy;
  const full: CodeListPolicy = Object.freeze({ ...STRICT_CODE_POLICY, ...codes });
  checkCodeListPolicy(map, full);
  const columns = typeof column === 'string' ? [column] : [...column];
  // A code spread over several columns (type and subtype) is looked up, and counted in the coverage, as one `a|b` code.
  const multi = columns.length > 1 ? { columns: Object.freeze(columns) } : {};
  return Object.freeze({ kind: 'lookup', column: columns[0] ?? '', ...multi, map, policy: full, ...policyOf(onInvalid) });
}

/** A value computed from the declared `columns` (the function sees no others). */
export function computed<V>(
  spec: { readonly columns: readonly string[]; readonly description: string } & RuleOptions,
  compute: (row: Readonly<SourceRow>, ctx: ComputeContext) => TransformResult<V | null>,
): ComputedRule<V> {
  return Object.freeze({
    kind: 'computed',
    columns: Object.freeze([...spec.columns]),
    description: spec.description,
    compute,
    severity: spec.severity ?? 'error',
    ...policyOf(spec.onInvalid),
  });
}

/** The id of a record of `entity` keyed by `columns` (one column or several). */
export function reference(
  entity: string,
  columns: string | readonly string[],
  options: { readonly optional?: boolean; readonly qualifier?: string } = {},
): ReferenceRule {
  return Object.freeze({
    kind: 'reference',
    entity,
    columns: Object.freeze(typeof columns === 'string' ? [columns] : [...columns]),
    optional: options.optional ?? false,
    ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
  });
}

/** This record's id, keyed by `columns` (plus an optional fixed qualifier). */
export function id(columns: string | readonly string[], options: { readonly qualifier?: string } = {}): IdRule {
  return Object.freeze({
    kind: 'id',
    columns: Object.freeze(typeof columns === 'string' ? [columns] : [...columns]),
    ...(options.qualifier === undefined ? {} : { qualifier: options.qualifier }),
  });
}

/** Source columns a rule reads (`field` resolves `copy`). */
export function ruleColumns(rule: AnyFieldRule, field: string): readonly string[] {
  switch (rule.kind) {
    case 'copy':
      return [field];
    case 'lookup':
      return rule.columns ?? [rule.column];
    case 'rename':
    case 'transform':
      return [rule.column];
    case 'computed':
    case 'reference':
    case 'id':
      return rule.columns;
    case 'constant':
      return [];
  }
}
