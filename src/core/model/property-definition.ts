/**
 * Flattens one property's JSON Schema into a PropertyDefinition: resolves `$ref`s into common `$defs`,
 * unwraps nullable unions (`type: [T, "null"]` or `anyOf: [T, {type: "null"}]`) and reads the x-annotations.
 */
import { SchemaError } from '../errors.js';
import { toSnakeCase } from './naming.js';

/** How sensitive a property's value is on its own (see docs/model.md, "Sensitivity"). */
export type Sensitivity = 'identifying' | 'special-category' | 'none';

/** Every sensitivity value, for validation of `x-sensitivity`. */
export const SENSITIVITIES: readonly Sensitivity[] = ['identifying', 'special-category', 'none'];

/** One property of an entity, flattened from its JSON Schema (with `$ref`s to common resolved). */
export interface PropertyDefinition {
  /** camelCase property name. */
  readonly name: string;
  /** snake_case column name. */
  readonly column: string;
  /** JSON type without `null`. */
  readonly jsonType: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array';
  /** JSON Schema format: 'date' | 'uuid' | 'date-time' | 'year-month' | 'partial-date' | ... */
  readonly format?: string;
  /** Listed in the entity's `required`. */
  readonly required: boolean;
  /** The type includes "null". */
  readonly nullable: boolean;
  /** `x-sensitivity`. */
  readonly sensitivity: Sensitivity;
  /** `x-codeList` id (for arrays: of the items). */
  readonly codeList?: string;
  /** Integer Rappen (`x-money`). */
  readonly money: boolean;
  /** `maxLength` of strings. */
  readonly maxLength?: number;
  /** The property's description. */
  readonly description: string;
  /** Entity this uuid refers to (`x-references`), e.g. 'case'. */
  readonly references?: string;
  /** Name of the common `$defs` entry the property uses, e.g. 'Uuid', 'CalendarDate'. */
  readonly commonType?: string;
}

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

const JSON_TYPES = new Set(['string', 'integer', 'number', 'boolean', 'object', 'array']);
const SENSITIVITY_VALUES = new Set<string>(['identifying', 'special-category', 'none']);
const COMMON_REF = /^(?:common\.schema\.json|https:\/\/schemas\.casebridge\.ch\/model\/v1\/common\.schema\.json)#\/\$defs\/([A-Za-z0-9]+)$/;

/** Name of the common `$defs` entry a `$ref` points to, or undefined for other refs. */
export function commonDefName(ref: unknown): string | undefined {
  return typeof ref === 'string' ? COMMON_REF.exec(ref)?.[1] : undefined;
}

/** Builds the flat definition of `entity.property`; throws SchemaError when the schema breaks a model rule. */
export function describeProperty(entity: string, name: string, schema: JsonObject, required: boolean, defs: Record<string, JsonObject>): PropertyDefinition {
  const fail = (what: string): never => {
    throw new SchemaError(`Property schema is invalid: ${what}.`, { details: { entity, property: name } });
  };
  const resolve = (node: JsonObject): { merged: JsonObject; commonType?: string } => {
    const defName = commonDefName(node['$ref']);
    if (node['$ref'] !== undefined && defName === undefined) fail('only $refs into common.schema.json#/$defs are supported');
    if (defName === undefined) return { merged: node };
    const def = defs[defName];
    if (def === undefined) return fail(`unknown common definition ${defName}`);
    const { $ref: _ignored, ...rest } = node;
    return { merged: { ...def, ...rest }, commonType: defName };
  };

  let nullable = false;
  let base: JsonObject = schema;
  const union = (schema['anyOf'] ?? schema['oneOf']) as unknown;
  if (Array.isArray(union)) {
    const branches = union as JsonObject[];
    const nonNull = branches.filter((b) => b['type'] !== 'null');
    if (nonNull.length !== 1 || branches.length !== 2) fail('unions are only allowed as [T, null]');
    nullable = true;
    base = { ...nonNull[0] };
  }
  const { merged, commonType } = resolve(base);
  let type = merged['type'];
  if (Array.isArray(type)) {
    const nonNull = type.filter((t) => t !== 'null');
    if (nonNull.length !== 1) fail('type unions are only allowed as [T, "null"]');
    nullable = nullable || type.includes('null');
    type = nonNull[0];
  }
  if (typeof type !== 'string' || !JSON_TYPES.has(type)) return fail('missing or unsupported type');

  const description = schema['description'];
  if (typeof description !== 'string' || description.trim() === '') fail('description is required');
  const sensitivity = schema['x-sensitivity'];
  if (typeof sensitivity !== 'string' || !SENSITIVITY_VALUES.has(sensitivity)) fail('x-sensitivity is required');

  let items: JsonObject | undefined;
  if (type === 'array' && typeof merged['items'] === 'object' && merged['items'] !== null) {
    items = resolve(merged['items'] as JsonObject).merged;
  }
  const codeList = stringOrUndefined(merged['x-codeList']) ?? stringOrUndefined(items?.['x-codeList']);
  const references = stringOrUndefined(merged['x-references']) ?? stringOrUndefined(items?.['x-references']);
  const money = merged['x-money'] === true;
  if (money && (type !== 'integer' || !name.endsWith('Rappen'))) fail('money must be integer Rappen named …Rappen');
  if (!money && name.endsWith('Rappen')) fail('a …Rappen property must carry x-money');
  const format = stringOrUndefined(merged['format']);
  if (references !== undefined && format !== 'uuid' && items?.['format'] !== 'uuid') fail('x-references needs a uuid');
  const maxLength = typeof merged['maxLength'] === 'number' ? merged['maxLength'] : undefined;
  const column = stringOrUndefined(schema['x-column']) ?? toSnakeCase(name);

  return {
    name,
    column,
    jsonType: type as PropertyDefinition['jsonType'],
    required,
    nullable,
    sensitivity: sensitivity as Sensitivity,
    money,
    description: description as string,
    ...(format === undefined ? {} : { format }),
    ...(codeList === undefined ? {} : { codeList }),
    ...(maxLength === undefined ? {} : { maxLength }),
    ...(references === undefined ? {} : { references }),
    ...(commonType === undefined ? {} : { commonType }),
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
