/**
 * The canonical model registry: reads `schemas/model/v1` (model.json, common.schema.json and one schema
 * per entity) once and describes every entity and property in a flat, typed form that the validators,
 * the TypeORM target, the mapping DSL and the docs generator all share. The JSON files are the source of
 * truth; nothing here restates them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SchemaError, ERROR_CODES } from '../errors.js';
import { modelSchemasDir } from './schema-location.js';
import { toSnakeCase } from './naming.js';
import { describeProperty, type JsonObject } from './property-definition.js';

export type { PropertyDefinition, Sensitivity } from './property-definition.js';
export { SENSITIVITIES } from './property-definition.js';
import type { PropertyDefinition } from './property-definition.js';

/** One entity of the canonical model. */
export interface EntityDefinition {
  /** camelCase, e.g. 'budgetLine'. */
  readonly name: string;
  /** snake_case, e.g. 'budget_line'. */
  readonly table: string;
  /** Schema title. */
  readonly title: string;
  /** Schema description. */
  readonly description: string;
  /** Schema `$id`. */
  readonly schemaId: string;
  /** Properties in schema order. */
  readonly properties: readonly PropertyDefinition[];
  /** The raw JSON Schema document. */
  readonly schema: object;
}

/** The whole canonical model. */
export interface CanonicalModel {
  /** modelVersion, e.g. '1.0.0'. */
  readonly version: string;
  /** Entities in load order (referenced entities first). */
  readonly entities: readonly EntityDefinition[];
  /** The entity of that name; throws SchemaError CB_UNKNOWN_ENTITY. */
  entity(name: string): EntityDefinition;
  /** True when the model has an entity of that name. */
  hasEntity(name: string): boolean;
  /** The raw common.schema.json document. */
  readonly commonSchema: object;
  /** Every code-list id the model references, sorted. */
  readonly codeListIds: readonly string[];
}

/** Base of every model schema `$id`. */
export const MODEL_SCHEMA_BASE = 'https://schemas.casebridge.ch/model/v1/';

let cached: CanonicalModel | undefined;

/** The canonical model shipped with the package, loaded once and cached. */
export function getModel(): CanonicalModel {
  cached ??= loadModel();
  return cached;
}

/** Loads a model from a folder holding model.json and the schemas (tests, tools); not cached. */
export function loadModel(dir: string = modelSchemasDir()): CanonicalModel {
  const manifest = readJson(path.join(dir, 'model.json'), 'model.json');
  const version = manifest['modelVersion'];
  const names = manifest['entities'];
  if (typeof version !== 'string' || !Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new SchemaError('model.json needs a string modelVersion and an array of entity names.', { details: { file: 'model.json' } });
  }
  const common = readJson(path.join(dir, 'common.schema.json'), 'common.schema.json');
  const defs = (common['$defs'] ?? {}) as Record<string, JsonObject>;
  const entities = (names as string[]).map((name) => buildEntity(name, readJson(path.join(dir, `${name}.schema.json`), `${name}.schema.json`), defs, version));
  const byName = new Map(entities.map((e) => [e.name, e]));
  if (byName.size !== entities.length) {
    throw new SchemaError('model.json lists an entity twice.', { details: { file: 'model.json' } });
  }
  const codeListIds = new Set<string>();
  for (const entity of entities) {
    for (const property of entity.properties) {
      if (property.codeList !== undefined) codeListIds.add(property.codeList);
      if (property.references !== undefined && !byName.has(property.references)) {
        throw new SchemaError('x-references names an entity the model does not have.', {
          details: { entity: entity.name, property: property.name, references: property.references },
        });
      }
    }
    collectNestedCodeLists(entity.schema as JsonObject, codeListIds);
  }
  return {
    version,
    entities,
    commonSchema: common,
    codeListIds: [...codeListIds].sort(),
    hasEntity: (name) => byName.has(name),
    entity(name) {
      const found = byName.get(name);
      if (found === undefined) {
        throw new SchemaError('The canonical model has no entity of this name.', {
          code: ERROR_CODES.UNKNOWN_ENTITY,
          details: { entity: name },
        });
      }
      return found;
    },
  };
}

function buildEntity(name: string, schema: JsonObject, defs: Record<string, JsonObject>, version: string): EntityDefinition {
  const expectedId = `${MODEL_SCHEMA_BASE}${name}.schema.json`;
  const fail = (what: string, property?: string): never => {
    throw new SchemaError(`Entity schema is invalid: ${what}.`, { details: { entity: name, property: property ?? null } });
  };
  if (schema['$id'] !== expectedId) fail('$id does not match the file name');
  if (schema['type'] !== 'object') fail('type must be object');
  if (schema['additionalProperties'] !== false) fail('additionalProperties must be false');
  if (schema['x-modelVersion'] !== version) fail('x-modelVersion differs from model.json');
  const title = schema['title'];
  const description = schema['description'];
  if (typeof title !== 'string' || typeof description !== 'string') fail('title and description are required');
  const props = schema['properties'];
  if (typeof props !== 'object' || props === null || Array.isArray(props)) return fail('properties missing');
  const required = schema['required'];
  if (!Array.isArray(required)) return fail('required must be listed explicitly');
  for (const key of required) {
    if (typeof key !== 'string' || !(key in props)) fail('required lists a property that does not exist', String(key));
  }
  if (!required.includes('id')) fail('id must be required');
  const properties = Object.entries(props as Record<string, JsonObject>).map(([propName, propSchema]) =>
    describeProperty(name, propName, propSchema, required.includes(propName), defs),
  );
  return { name, table: toSnakeCase(name), title: title as string, description: description as string, schemaId: expectedId, properties, schema };
}

function collectNestedCodeLists(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectNestedCodeLists(item, into);
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-codeList' && typeof value === 'string') into.add(value);
      else collectNestedCodeLists(value, into);
    }
  }
}

function readJson(file: string, label: string): JsonObject {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new SchemaError('A model schema file cannot be read.', { cause, details: { file: label } });
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as JsonObject;
  } catch (cause) {
    throw new SchemaError('A model schema file is not a JSON object.', { cause, details: { file: label } });
  }
}
