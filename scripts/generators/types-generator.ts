/**
 * TypeScript types of the canonical model with json-schema-to-typescript: `src/generated/model/common.ts`
 * (one alias or interface per common `$defs` entry), one file per entity, and an index with a map from
 * entity name to type. Common `$ref`s become named imports, so each type is declared exactly once.
 */
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { commonDefName } from '../../src/core/model/property-definition.js';
import { toPascalCase } from '../../src/core/model/naming.js';
import { checksumOf, stableJson, tsBanner, type GeneratedFile, type Generator } from './generator.js';

const OUT_DIR = 'src/generated/model';
/** Bumped when the output shape changes, so that checksums change with it. */
const GENERATOR_VERSION = 'types-1';

/** The types generator. */
export const typesGenerator: Generator = {
  name: 'types',
  ownedDirs: [OUT_DIR],
  async generate({ model }) {
    const commonInput = stableJson(model.commonSchema);
    const files: GeneratedFile[] = [];
    const defs = ((model.commonSchema as Record<string, unknown>)['$defs'] ?? {}) as Record<string, JSONSchema>;
    const commonParts: string[] = [];
    for (const [defName, def] of Object.entries(defs)) {
      const { used, schema } = replaceCommonRefs({ ...def, title: defName });
      used.delete(defName);
      if (used.size > 0) throw new Error(`Common definition ${defName} must not reference other common definitions.`);
      commonParts.push(await toTypeScript(schema, defName));
    }
    files.push({
      path: `${OUT_DIR}/common.ts`,
      content: `${tsBanner(checksumOf(GENERATOR_VERSION, commonInput))}/** Shared types of the canonical model (common.schema.json). */\n\n${commonParts.join('\n')}`,
    });
    for (const entity of model.entities) {
      const typeName = toPascalCase(entity.name);
      const raw = entity.schema as Record<string, unknown>;
      const { $schema: _s, $id: _i, 'x-modelVersion': _v, ...rest } = raw;
      const { used, schema } = replaceCommonRefs({ ...rest, title: typeName });
      const body = await toTypeScript(schema, typeName);
      const imports = used.size === 0 ? '' : `import type { ${[...used].sort().join(', ')} } from './common.js';\n\n`;
      files.push({
        path: `${OUT_DIR}/${kebab(entity.name)}.ts`,
        content: `${tsBanner(checksumOf(GENERATOR_VERSION, commonInput, stableJson(raw)))}${imports}${body}`,
      });
    }
    files.push({
      path: `${OUT_DIR}/index.ts`,
      content: indexFile(
        model.version,
        model.entities.map((e) => e.name),
        commonInput,
      ),
    });
    return files;
  },
};

function indexFile(version: string, names: readonly string[], commonInput: string): string {
  const lines = [
    tsBanner(checksumOf(GENERATOR_VERSION, version, names.join(','), commonInput)),
    '/** Types of the canonical model, one per entity, plus the shared common types. */',
    '',
    "export type * from './common.js';",
    ...names.map((n) => `export type * from './${kebab(n)}.js';`),
    ...names.map((n) => `import type { ${toPascalCase(n)} } from './${kebab(n)}.js';`),
    '',
    '/** Version of the canonical model these types were generated from. */',
    `export const MODEL_VERSION = '${version}';`,
    '',
    "/** Entity name → record type, e.g. `CanonicalRecordOf<'person'>`. */",
    'export interface CanonicalEntityTypes {',
    ...names.map((n) => `  ${n}: ${toPascalCase(n)};`),
    '}',
    '',
    '/** Name of an entity of the canonical model. */',
    'export type CanonicalEntityName = keyof CanonicalEntityTypes;',
    '',
    '/** The record type of an entity. */',
    'export type CanonicalRecordOf<E extends CanonicalEntityName> = CanonicalEntityTypes[E];',
    '',
  ];
  return lines.join('\n');
}

/** Replaces every `$ref` into common `$defs` with `tsType: <Name>` and records the names used. */
function replaceCommonRefs(schema: Record<string, unknown>): { schema: JSONSchema; used: Set<string> } {
  const used = new Set<string>();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const object = node as Record<string, unknown>;
    const defName = commonDefName(object['$ref']);
    if (defName !== undefined) {
      used.add(defName);
      return { tsType: defName, ...(typeof object['description'] === 'string' ? { description: object['description'] } : {}) };
    }
    return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, walk(value)]));
  };
  return { schema: walk(schema) as JSONSchema, used };
}

async function toTypeScript(schema: JSONSchema, name: string): Promise<string> {
  return compile(schema, name, {
    bannerComment: '',
    additionalProperties: false,
    strictIndexSignatures: true,
    declareExternallyReferenced: true,
    enableConstEnums: false,
    unknownAny: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
  });
}

function kebab(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}
