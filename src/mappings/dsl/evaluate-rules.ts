/**
 * Runs compiled rules on one source row. Never throws for bad data: every failure becomes an issue with a
 * stable code, the canonical field path and the source column, and never the value itself.
 */
import { isInvalidSourceValue, type SourceRow, type SourceValue } from '../../core/connector/source-value.js';
import type { CanonicalRecordDraft, MapContext } from '../../core/pipeline/source-mapping.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import type { IssueCode } from '../../core/issue-codes.js';
import { lookupCode, type CodeLookup } from '../codes/code-list-policy.js';
import { codeListPin } from '../codes/code-list-map.js';
import type { CodeCoverage } from '../codes/code-coverage.js';
import type { TransformResult } from '../transforms/transform-result.js';
import type { AnyFieldRule } from './field-rules.js';
import type { CompiledYield, RowCondition } from './mapping-definition.js';

/** Stable issue codes the DSL itself produces (transforms and code lookups have their own). */
export const MAPPING_ISSUE_CODES = {
  SOURCE_INVALID_VALUE: 'source.invalid_value',
  ID_KEY_MISSING: 'mapping.id_key_missing',
  REFERENCE_KEY_MISSING: 'mapping.reference_key_missing',
  KEY_TYPE_INVALID: 'mapping.key_type_invalid',
  COMPUTED_FAILED: 'mapping.computed_failed',
  CONDITION_FAILED: 'mapping.condition_failed',
  PICK_MISSING: 'mapping.pick_missing',
  RULE_THREW: 'mapping.rule_threw',
} as const satisfies Readonly<Record<string, IssueCode>>;

/** What rule evaluation needs besides the row. */
export interface EvaluationContext {
  readonly mapping: string;
  readonly blankAsNull: boolean;
  readonly coverage: CodeCoverage;
  readonly map: MapContext;
}

/** An issue of one rule before the engine knows its entity, path and record. */
type Issue = Omit<ValidationIssue, 'entity' | 'path' | 'recordRef'>;
/** What one rule gives: a value, an issue, or both (a value kept with a warning). */
export type Outcome = { value: unknown; issue?: Issue } | { value?: undefined; issue: Issue };
/** Builds the details of a rule's issue: mapping, columns and rule kind first, then `extra`. */
export type WhereDetails = (extra?: Record<string, string | number | boolean | null>) => Record<string, string | number | boolean | null>;

/** The details builder of one rule (the same object shape for the interpreted and the compiled form). */
export function whereOf(mapping: string, column: string, kind: AnyFieldRule['kind']): WhereDetails {
  return (extra = {}) => ({ mapping, column, rule: kind, ...extra });
}

/** A row restricted to the declared columns, so that conditions and computations cannot read undeclared data. */
export function restrictRow(row: SourceRow, columns: readonly string[], blankAsNull: boolean): Readonly<SourceRow> {
  const view: SourceRow = {};
  for (const c of columns) view[c] = normalize(row[c], blankAsNull);
  return Object.freeze(view);
}

function normalize(value: SourceValue | undefined, blankAsNull: boolean): SourceValue {
  if (value === undefined) return null;
  if (blankAsNull && typeof value === 'string' && value.trim() === '') return null;
  return value;
}

/** Evaluates a row condition (yield `when`); a throwing test is an error issue, not a crash. */
export function testCondition(condition: RowCondition, row: SourceRow, blankAsNull: boolean): boolean | 'failed' {
  try {
    return condition.test(restrictRow(row, condition.columns, blankAsNull));
  } catch {
    return 'failed';
  }
}

/** Maps one row through the yields. */
export function evaluateYields(
  yields: readonly CompiledYield[],
  row: SourceRow,
  ctx: EvaluationContext,
): { records: CanonicalRecordDraft[]; issues: ValidationIssue[] } {
  const records: CanonicalRecordDraft[] = [];
  const issues: ValidationIssue[] = [];
  for (const y of yields) {
    if (y.when !== undefined) {
      const holds = testCondition(y.when, row, ctx.blankAsNull);
      if (holds === 'failed') {
        issues.push(
          issueOf(ctx, y.entity, '', {
            code: MAPPING_ISSUE_CODES.CONDITION_FAILED,
            severity: 'error',
            message: 'The condition of a yield threw.',
            details: { mapping: ctx.mapping },
          }),
        );
        continue;
      }
      if (!holds) continue;
    }
    const record: Record<string, unknown> = {};
    for (const { field, rule, columns } of y.fields) {
      const out = evaluateRule(rule, field, y.entity, columns, row, ctx);
      if (out.issue !== undefined) issues.push(issueOf(ctx, y.entity, `/${field}`, out.issue));
      if (out.value !== undefined && out.value !== null) record[field] = out.value;
    }
    records.push({ entity: y.entity, record });
  }
  return { records, issues };
}

/** A rule's issue placed on its entity, field path and record. */
export function issueOf(ctx: { readonly map: MapContext }, entity: string, path: string, issue: Issue): ValidationIssue {
  return { ...issue, entity, path, recordRef: ctx.map.recordRef };
}

/**
 * The rule's outcome under its invalid-value policy: an error of a value rule becomes a warning with the
 * field left out (`null`) or set to the declared default. Keys (id, reference) always quarantine.
 */
export function evaluateRule(rule: AnyFieldRule, field: string, entity: string, columns: readonly string[], row: SourceRow, ctx: EvaluationContext): Outcome {
  return applyPolicy(rule, evaluateRuleStrict(rule, field, entity, columns, row, ctx));
}

/** Applies the rule's invalid-value policy to its strict outcome (see {@link evaluateRule}). */
export function applyPolicy(rule: AnyFieldRule, out: Outcome): Outcome {
  if (out.issue === undefined || rule.kind === 'id' || rule.kind === 'reference' || rule.kind === 'constant') return out;
  // A failure the rule already downgraded (severity warning) still takes an explicitly declared default.
  const failed = out.issue.severity === 'error' || (rule.onInvalid !== undefined && out.value === undefined && out.issue.severity === 'warning');
  if (!failed) return out;
  const policy = rule.onInvalid ?? ((rule.kind === 'transform' || rule.kind === 'computed') && rule.severity === 'warning' ? 'null' : 'quarantine');
  if (policy === 'quarantine') return out;
  const issue: Issue = { ...out.issue, severity: 'warning', details: { ...out.issue.details, onInvalid: policy === 'null' ? 'null' : 'default' } };
  return policy === 'null' ? { value: undefined, issue } : { value: policy.default, issue };
}

function evaluateRuleStrict(rule: AnyFieldRule, field: string, entity: string, columns: readonly string[], row: SourceRow, ctx: EvaluationContext): Outcome {
  const where = whereOf(ctx.mapping, columns.join(','), rule.kind);
  if (rule.kind === 'constant') return { value: rule.value };
  if (rule.kind === 'computed') return evaluateComputed(rule, columns, row, ctx, where);

  const values = columns.map((c) => normalize(row[c], ctx.blankAsNull));
  const invalidAt = values.findIndex((v) => isInvalidSourceValue(v));
  if (invalidAt >= 0) return invalidValueOutcome(columns[invalidAt] ?? '', values[invalidAt], where);
  switch (rule.kind) {
    case 'copy':
    case 'rename':
      return { value: values[0] };
    case 'id':
    case 'reference': {
      if (values.every((v) => v === null)) {
        if (rule.kind === 'reference' && rule.optional) return { value: undefined };
        const code = rule.kind === 'id' ? MAPPING_ISSUE_CODES.ID_KEY_MISSING : MAPPING_ISSUE_CODES.REFERENCE_KEY_MISSING;
        return {
          issue: {
            code,
            severity: 'error',
            message: `The key columns of ${rule.kind === 'id' ? 'the record id' : `the reference to ${rule.entity}`} are empty.`,
            details: where(),
          },
        };
      }
      const parts: (string | number)[] = [];
      for (const v of values) {
        if (typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v))) parts.push(typeof v === 'string' ? v.trim() : v);
        else if (v === null) parts.push('');
        else
          return {
            issue: { code: MAPPING_ISSUE_CODES.KEY_TYPE_INVALID, severity: 'error', message: 'A key column is neither text nor an integer.', details: where() },
          };
      }
      if (rule.qualifier !== undefined) parts.push(rule.qualifier);
      return { value: ctx.map.id(rule.kind === 'id' ? entity : rule.entity, ...parts) };
    }
    case 'transform': {
      const input = values[0];
      if (input === null || input === undefined) return { value: undefined };
      return transformOutcome(
        rule,
        field,
        entity,
        safeApply(MAPPING_ISSUE_CODES.RULE_THREW, () => rule.transform.apply(input)),
        where,
      );
    }
    case 'lookup': {
      // Several columns form one code `a|b` (a null part is empty); all null means no code.
      const input =
        values.length > 1
          ? values.every((v) => v === null)
            ? null
            : values.map((v) => (v === null ? '' : typeof v === 'string' ? v.trim() : String(v as number))).join('|')
          : values[0];
      if (input === null || input === undefined) return { value: undefined };
      if (typeof input !== 'string' && typeof input !== 'number' && typeof input !== 'boolean') return lookupTypeOutcome(rule, where);
      const pin = codeListPin(rule.map);
      const found = lookupCode(rule.map, input, rule.policy);
      ctx.coverage.record(rule.map.id, pin, found.sourceCode, found.outcome);
      return lookupOutcome(rule, pin, found, where);
    }
  }
}

/** The outcome of a source value the source could not represent (a MariaDB zero date, undecodable text). */
export function invalidValueOutcome(column: string, bad: unknown, where: WhereDetails): Outcome {
  const reason = isInvalidSourceValue(bad) ? bad.reason : 'undecodable';
  return {
    issue: {
      code: MAPPING_ISSUE_CODES.SOURCE_INVALID_VALUE,
      severity: 'error',
      message: `Source column ${column} holds a value that cannot be represented (${reason}).`,
      details: where({ reason }),
    },
  };
}

/** The outcome of a transform rule from the transform's result (a throw already turned into a failure). */
export function transformOutcome(
  rule: Extract<AnyFieldRule, { kind: 'transform' }>,
  field: string,
  entity: string,
  result: TransformResult<unknown>,
  where: WhereDetails,
): Outcome {
  if (!result.ok) {
    return {
      issue: {
        code: result.code,
        severity: rule.severity,
        message: `Transform ${rule.transform.name} cannot read source column ${rule.column} for ${entity}.${field}.`,
        details: where({ transform: rule.transform.name, ...result.details }),
      },
    };
  }
  if (rule.pick === undefined) return withWarning(result, where);
  const picked = typeof result.value === 'object' && result.value !== null ? (result.value as Record<string, unknown>)[rule.pick] : undefined;
  if (picked === undefined)
    return {
      issue: {
        code: MAPPING_ISSUE_CODES.PICK_MISSING,
        severity: rule.severity,
        message: `Transform ${rule.transform.name} gave no ${rule.pick}.`,
        details: where({ pick: rule.pick }),
      },
    };
  return { value: picked };
}

/** The outcome of a multi-column or typed code that is not text, a number or a boolean. */
export function lookupTypeOutcome(rule: Extract<AnyFieldRule, { kind: 'lookup' }>, where: WhereDetails): Outcome {
  return {
    issue: {
      code: 'transform.type_invalid',
      severity: 'error',
      message: `Source column ${rule.column} is not a code.`,
      details: where({ codeList: rule.map.id }),
    },
  };
}

/** The outcome of a lookup from the code-list policy's verdict (coverage already counted). */
export function lookupOutcome(rule: Extract<AnyFieldRule, { kind: 'lookup' }>, pin: string, found: CodeLookup, where: WhereDetails): Outcome {
  const issue: Issue | undefined =
    found.issue === undefined
      ? undefined
      : {
          code: found.issue.code,
          severity: found.issue.severity,
          message: `Code of source column ${rule.column} is ${found.outcome} in code-list map ${rule.map.id}.`,
          details: where({ codeList: pin }),
        };
  return issue === undefined ? { value: found.value } : { value: found.value, issue };
}

function evaluateComputed(
  rule: Extract<AnyFieldRule, { kind: 'computed' }>,
  columns: readonly string[],
  row: SourceRow,
  ctx: EvaluationContext,
  where: WhereDetails,
): Outcome {
  const view = restrictRow(row, columns, ctx.blankAsNull);
  const invalid = columns.find((c) => isInvalidSourceValue(view[c]));
  if (invalid !== undefined) return invalidValueOutcome(invalid, view[invalid], where);
  const result = safeApply(MAPPING_ISSUE_CODES.COMPUTED_FAILED, () => rule.compute(view, { id: (entity, ...key) => ctx.map.id(entity, ...key) }));
  return computedOutcome(rule, result, where);
}

/** The outcome of a computed rule from its result (a throw already turned into a failure). */
export function computedOutcome(rule: Extract<AnyFieldRule, { kind: 'computed' }>, result: TransformResult<unknown>, where: WhereDetails): Outcome {
  if (!result.ok)
    return { issue: { code: result.code, severity: rule.severity, message: 'A computed field could not be computed.', details: where({ ...result.details }) } };
  return withWarning(result, where);
}

/** A kept value with its warning (`keep(value).warn(code)`), or just the value. */
function withWarning(result: Extract<TransformResult<unknown>, { ok: true }>, where: WhereDetails): Outcome {
  if (result.warning === undefined) return { value: result.value };
  return {
    value: result.value,
    issue: { code: result.warning.code, severity: 'warning', message: 'The value is loaded with a warning.', details: where({ ...result.warning.details }) },
  };
}

/** Runs a transform or computation; a throw becomes a failure with `codeOnThrow`. */
function safeApply<T>(codeOnThrow: string, fn: () => TransformResult<T>): TransformResult<T> {
  try {
    return fn();
  } catch {
    // A throwing transform or computation is a bug, but one row must not stop the run: report it as data.
    return { ok: false, code: codeOnThrow };
  }
}
