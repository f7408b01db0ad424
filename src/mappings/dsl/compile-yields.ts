/**
 * Compiles a mapping's yields once, at definition time, into one function per field rule (closures
 * specialised on the rule's kind, columns, target entity and qualifier), so a row runs straight through
 * its fields without the interpreter's per-row dispatch, column arrays, detail closures and outcome
 * objects. Only the happy path is specialised: whatever is unusual (an invalid or missing value, a
 * failed transform, a warning, an unmapped code) builds its outcome with the interpreter's own functions
 * (`evaluate-rules.ts`), so issues, codes, paths, details, policies and coverage are the same by
 * construction; `test/mappings-compiled-vs-interpreted.test.ts` holds the two forms to equal output.
 * No code is generated: nothing from a mapping or its data is ever evaluated.
 */
import { InvalidSourceValue, type SourceRow, type SourceValue } from '../../core/connector/source-value.js';
import type { CanonicalRecordDraft, MapContext } from '../../core/pipeline/source-mapping.js';
import type { ValidationIssue } from '../../core/model/validation-issue.js';
import type { TransformResult } from '../transforms/transform-result.js';
import { lookupCode } from '../codes/code-list-policy.js';
import { codeListPin } from '../codes/code-list-map.js';
import type { CodeCoverage } from '../codes/code-coverage.js';
import type { AnyFieldRule, ComputeContext } from './field-rules.js';
import type { CompiledYield } from './mapping-definition.js';
import {
  applyPolicy,
  computedOutcome,
  evaluateRule,
  invalidValueOutcome,
  issueOf,
  lookupOutcome,
  lookupTypeOutcome,
  MAPPING_ISSUE_CODES,
  restrictRow,
  testCondition,
  transformOutcome,
  whereOf,
  type EvaluationContext,
  type Outcome,
} from './evaluate-rules.js';

/** What compiling needs besides the yields (fixed for the mapping's lifetime). */
export interface CompileOptions {
  readonly mapping: string;
  readonly blankAsNull: boolean;
  readonly coverage: CodeCoverage;
}

/** A compiled mapping body: one row in, its records and issues out (as `evaluateYields`). */
export type CompiledYields = (row: SourceRow, map: MapContext) => { records: CanonicalRecordDraft[]; issues: ValidationIssue[] };

/** Per-row state the field functions share (one object per row). */
interface RowState {
  readonly map: MapContext;
  readonly issues: ValidationIssue[];
  compute: ComputeContext | undefined;
}

type FieldFn = (row: SourceRow, state: RowState) => unknown;

interface CompiledField {
  readonly field: string;
  readonly fn: FieldFn;
}

/** Compiles the yields of one mapping. */
export function compileYields(yields: readonly CompiledYield[], options: CompileOptions): CompiledYields {
  const { mapping, blankAsNull } = options;
  const compiled = yields.map((y) => ({
    entity: y.entity,
    when: y.when,
    fields: y.fields.map(({ field, rule, columns }): CompiledField => ({ field, fn: compileRule(rule, field, y.entity, columns, options) })),
  }));
  return (row, map) => {
    const records: CanonicalRecordDraft[] = [];
    const issues: ValidationIssue[] = [];
    const state: RowState = { map, issues, compute: undefined };
    for (const y of compiled) {
      if (y.when !== undefined) {
        const holds = testCondition(y.when, row, blankAsNull);
        if (holds === 'failed') {
          issues.push(
            issueOf(state, y.entity, '', {
              code: MAPPING_ISSUE_CODES.CONDITION_FAILED,
              severity: 'error',
              message: 'The condition of a yield threw.',
              details: { mapping },
            }),
          );
          continue;
        }
        if (!holds) continue;
      }
      const record: Record<string, unknown> = {};
      for (const f of y.fields) {
        const value = f.fn(row, state);
        if (value !== undefined && value !== null) record[f.field] = value;
      }
      records.push({ entity: y.entity, record });
    }
    return { records, issues };
  };
}

/** Whether a string is blank (`trim() === ''`), without trimming a string that starts with a visible ASCII character. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  return first > 32 && first < 127 ? false : text.trim() === '';
}

function compileRule(rule: AnyFieldRule, field: string, entity: string, columns: readonly string[], options: CompileOptions): FieldFn {
  const { blankAsNull, coverage } = options;
  const path = `/${field}`;
  const where = whereOf(options.mapping, columns.join(','), rule.kind);
  /** Settles an outcome the interpreter's functions built: the issue goes on the row, the value is returned. */
  const settle = (out: Outcome, state: RowState): unknown => {
    if (out.issue !== undefined) state.issues.push(issueOf(state, entity, path, out.issue));
    return out.value;
  };
  /** The interpreter for this rule (the rare paths of the pure rules: copy, rename, id, reference). */
  const interpret = (row: SourceRow, state: RowState): unknown => {
    const ctx: EvaluationContext = { mapping: options.mapping, blankAsNull, coverage, map: state.map };
    return settle(evaluateRule(rule, field, entity, columns, row, ctx), state);
  };
  const read = (row: SourceRow, column: string): SourceValue => {
    const value = row[column];
    if (value === undefined) return null;
    return blankAsNull && typeof value === 'string' && isBlank(value) ? null : value;
  };
  switch (rule.kind) {
    case 'constant': {
      const value = rule.value;
      return () => value;
    }
    case 'copy':
    case 'rename': {
      const column = columns[0] ?? '';
      return (row, state) => {
        const value = read(row, column);
        return value instanceof InvalidSourceValue ? interpret(row, state) : value;
      };
    }
    case 'id':
    case 'reference': {
      const target = rule.kind === 'id' ? entity : rule.entity;
      const qualifier = rule.qualifier;
      // A key part as the interpreter builds it; undefined sends the row to the interpreter (null, invalid, wrong type).
      const part = (value: SourceValue): string | number | undefined =>
        typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
      if (columns.length === 1) {
        const column = columns[0] ?? '';
        return (row, state) => {
          const key = part(read(row, column));
          if (key === undefined) return interpret(row, state);
          return qualifier === undefined ? state.map.id(target, key) : state.map.id(target, key, qualifier);
        };
      }
      return (row, state) => {
        const parts: (string | number)[] = [];
        let present = false;
        for (const column of columns) {
          const value = read(row, column);
          if (value === null) {
            parts.push('');
            continue;
          }
          const key = part(value);
          if (key === undefined) return interpret(row, state);
          parts.push(key);
          present = true;
        }
        if (!present) return interpret(row, state);
        if (qualifier !== undefined) parts.push(qualifier);
        return state.map.id(target, ...parts);
      };
    }
    case 'transform': {
      const column = columns[0] ?? '';
      const pick = rule.pick;
      return (row, state) => {
        const input = read(row, column);
        if (input === null) return undefined;
        if (input instanceof InvalidSourceValue) return settle(applyPolicy(rule, invalidValueOutcome(column, input, where)), state);
        let result: TransformResult<unknown>;
        try {
          result = rule.transform.apply(input);
        } catch {
          // As the interpreter: a throwing transform is reported as data, never with the exception.
          result = { ok: false, code: MAPPING_ISSUE_CODES.RULE_THREW };
        }
        if (result.ok && result.warning === undefined) {
          if (pick === undefined) return result.value;
          const picked = typeof result.value === 'object' && result.value !== null ? (result.value as Record<string, unknown>)[pick] : undefined;
          if (picked !== undefined) return picked;
        }
        return settle(applyPolicy(rule, transformOutcome(rule, field, entity, result, where)), state);
      };
    }
    case 'lookup': {
      const pin = codeListPin(rule.map);
      const { map, policy } = rule;
      const single = columns.length === 1 ? (columns[0] ?? '') : undefined;
      return (row, state) => {
        let input: SourceValue;
        if (single !== undefined) {
          input = read(row, single);
          if (input instanceof InvalidSourceValue) return settle(applyPolicy(rule, invalidValueOutcome(single, input, where)), state);
        } else {
          // Several columns form one code `a|b` (a null part is empty); all null means no code.
          const values = columns.map((c) => read(row, c));
          const invalidAt = values.findIndex((v) => v instanceof InvalidSourceValue);
          if (invalidAt >= 0) return settle(applyPolicy(rule, invalidValueOutcome(columns[invalidAt] ?? '', values[invalidAt], where)), state);
          input = values.every((v) => v === null)
            ? null
            : values.map((v) => (v === null ? '' : typeof v === 'string' ? v.trim() : String(v as number))).join('|');
        }
        if (input === null) return undefined;
        if (typeof input !== 'string' && typeof input !== 'number' && typeof input !== 'boolean')
          return settle(applyPolicy(rule, lookupTypeOutcome(rule, where)), state);
        const found = lookupCode(map, input, policy);
        coverage.record(map.id, pin, found.sourceCode, found.outcome);
        if (found.issue === undefined) return found.value;
        return settle(applyPolicy(rule, lookupOutcome(rule, pin, found, where)), state);
      };
    }
    case 'computed': {
      return (row, state) => {
        const view = restrictRow(row, columns, blankAsNull);
        for (const column of columns) {
          const value = view[column];
          if (value instanceof InvalidSourceValue) return settle(applyPolicy(rule, invalidValueOutcome(column, value, where)), state);
        }
        const map = state.map;
        let result: TransformResult<unknown>;
        try {
          result = rule.compute(view, (state.compute ??= { id: (target, ...key) => map.id(target, ...key) }));
        } catch {
          result = { ok: false, code: MAPPING_ISSUE_CODES.COMPUTED_FAILED };
        }
        if (result.ok && result.warning === undefined) return result.value;
        return settle(applyPolicy(rule, computedOutcome(rule, result, where)), state);
      };
    }
  }
}
