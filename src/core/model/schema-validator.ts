/**
 * JSON Schema validation of canonical records: ajv (draft 2020-12) with ajv-formats in strict mode, the
 * model's x-annotations registered as keywords, every model schema added once and compiled once. Results
 * are issues as data; messages are written here (not taken from ajv) and never repeat the offending value.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SchemaError } from '../errors.js';
import type { IssueCode } from '../issue-codes.js';
import { getModel, type CanonicalModel } from './model-registry.js';
import { isPartialDate, isYearMonth } from './date-formats.js';
import type { ValidationIssue } from './validation-issue.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object in some setups.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

/** Options of one validation call. */
export interface SchemaValidationOptions {
  /** Pseudonymous reference of the record, copied onto every issue. */
  readonly recordRef?: string;
}

/** Validates records of any entity of one model; create once, reuse (schemas are compiled once). */
export interface SchemaValidator {
  /** Issues of `record` against the schema of `entity` (empty when valid). */
  validate(entity: string, record: unknown, options?: SchemaValidationOptions): ValidationIssue[];
}

/** Custom annotation keywords of the model schemas, with the shape of their values. */
const MODEL_KEYWORDS: ReadonlyArray<{ keyword: string; metaSchema: object }> = [
  { keyword: 'x-sensitivity', metaSchema: { enum: ['identifying', 'special-category', 'none'] } },
  { keyword: 'x-codeList', metaSchema: { type: 'string', pattern: '^[a-z0-9]+(\\.[A-Za-z0-9]+)+$' } },
  { keyword: 'x-money', metaSchema: { type: 'boolean' } },
  { keyword: 'x-references', metaSchema: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' } },
  { keyword: 'x-modelVersion', metaSchema: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' } },
  { keyword: 'x-column', metaSchema: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
];

/** A strict ajv 2020 instance that knows the model's formats and keywords (no schemas added yet). */
export function createModelAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addFormat('partial-date', { type: 'string', validate: isPartialDate });
  ajv.addFormat('year-month', { type: 'string', validate: isYearMonth });
  for (const { keyword, metaSchema } of MODEL_KEYWORDS) ajv.addKeyword({ keyword, metaSchema });
  return ajv;
}

/** When a {@link createSchemaValidator} compiles its entities' schemas. */
export interface SchemaValidatorOptions {
  /**
   * `all` (default): every entity at creation, so a schema that does not compile fails there;
   * `on-first-use`: each entity when a record of it is first validated (a run touches a few of the
   * model's entities, and compiling all of them cost ~0.3 s of every process start).
   */
  readonly compile?: 'all' | 'on-first-use';
}

/** Builds a validator for a model: adds its schemas once and compiles each entity once. */
export function createSchemaValidator(model: CanonicalModel, options: SchemaValidatorOptions = {}): SchemaValidator {
  const ajv = createModelAjv();
  const compiled = new Map<string, ValidateFunction>();
  const schemaIds = new Map(model.entities.map((entity) => [entity.name, entity.schemaId]));
  const compile = (entity: string, schemaId: string): ValidateFunction => {
    try {
      const fn = ajv.getSchema(schemaId);
      if (fn === undefined) throw new Error('schema not registered');
      compiled.set(entity, fn);
      return fn;
    } catch (cause) {
      throw new SchemaError('The model schemas do not compile.', { cause });
    }
  };
  try {
    ajv.addSchema(model.commonSchema);
    for (const entity of model.entities) ajv.addSchema(entity.schema);
  } catch (cause) {
    throw new SchemaError('The model schemas do not compile.', { cause });
  }
  if (options.compile !== 'on-first-use') for (const [entity, schemaId] of schemaIds) compile(entity, schemaId);
  return {
    validate(entity, record, validateOptions) {
      let fn = compiled.get(entity);
      if (fn === undefined) {
        const schemaId = schemaIds.get(entity);
        if (schemaId === undefined) {
          model.entity(entity); // throws SchemaError CB_UNKNOWN_ENTITY
          return [];
        }
        fn = compile(entity, schemaId);
      }
      if (fn(record)) return [];
      return (fn.errors ?? []).map((error) => toIssue(entity, error, validateOptions?.recordRef));
    },
  };
}

let defaultValidator: SchemaValidator | undefined;

/** Validates a record against the shipped model's schema of `entity`; throws only for an unknown entity. */
export function validateAgainstSchema(entity: string, record: unknown, options?: SchemaValidationOptions): ValidationIssue[] {
  defaultValidator ??= createSchemaValidator(getModel(), { compile: 'on-first-use' });
  return defaultValidator.validate(entity, record, options);
}

/** The issue code of an ajv error keyword. */
export function issueCodeFor(keyword: string): IssueCode {
  switch (keyword) {
    case 'required':
      return 'schema.required';
    case 'type':
      return 'schema.type';
    case 'format':
      return 'schema.format';
    case 'pattern':
      return 'schema.pattern';
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return 'schema.additional_property';
    case 'enum':
    case 'const':
      return 'schema.enum';
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return 'schema.range';
    case 'minLength':
    case 'maxLength':
      return 'schema.length';
    case 'minItems':
    case 'maxItems':
    case 'uniqueItems':
      return 'schema.items';
    default:
      return 'schema.invalid';
  }
}

function toIssue(entity: string, error: ErrorObject, recordRef: string | undefined): ValidationIssue {
  const params = error.params as Record<string, unknown>;
  let path = error.instancePath;
  const details: Record<string, string | number | boolean | null> = { keyword: error.keyword };
  let message: string;
  switch (error.keyword) {
    case 'required':
      path = `${path}/${escapePointer(String(params['missingProperty']))}`;
      message = 'A required property is missing.';
      break;
    case 'additionalProperties':
      path = `${path}/${escapePointer(String(params['additionalProperty']))}`;
      message = 'The property is not part of the model.';
      break;
    case 'type':
      details['expected'] = String(params['type']);
      message = `The value has the wrong type (expected ${String(params['type'])}).`;
      break;
    case 'format':
      details['format'] = String(params['format']);
      message = `The value does not match the format ${String(params['format'])}.`;
      break;
    case 'pattern':
      message = 'The value does not match the required pattern.';
      break;
    case 'enum':
    case 'const':
      message = 'The value is not one of the allowed values.';
      break;
    default:
      if (typeof params['limit'] === 'number') details['limit'] = params['limit'];
      if (typeof params['comparison'] === 'string') details['comparison'] = params['comparison'];
      if (typeof params['multipleOf'] === 'number') details['multipleOf'] = params['multipleOf'];
      message = `The value violates the schema rule ${error.keyword}.`;
  }
  return {
    code: issueCodeFor(error.keyword),
    severity: 'error',
    entity,
    path,
    message,
    ...(recordRef === undefined ? {} : { recordRef }),
    details,
  };
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
