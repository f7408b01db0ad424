/**
 * `docs/model.md`: the canonical model for people, generated from the schemas (entities, fields with
 * type, required, sensitivity, code list) and the code lists' own metadata (title, version, sources) read
 * from `schemas/codelists/<id>.json` when the file exists.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CanonicalModel, PropertyDefinition } from '../../src/core/model/model-registry.js';
import { checksumOf, markdownBanner, stableJson, type Generator } from './generator.js';

const GENERATOR_VERSION = 'docs-1-enums';

/** Metadata of one code list file, as far as the docs show it. */
interface CodeListInfo {
  readonly id: string;
  readonly title?: string;
  readonly version?: string;
  readonly sources: readonly string[];
  readonly codeCount?: number;
}

/** The docs generator. */
export const docsGenerator: Generator = {
  name: 'docs',
  ownedDirs: [],
  async generate({ model, schemasDir }) {
    const codeLists = await Promise.all(model.codeListIds.map((id) => readCodeList(schemasDir, id)));
    const body = renderModel(model, codeLists);
    const checksum = checksumOf(GENERATOR_VERSION, stableJson(model.commonSchema), ...model.entities.map((e) => stableJson(e.schema)), stableJson(codeLists));
    return [{ path: 'docs/model.md', content: `${markdownBanner(checksum)}\n${body}` }];
  },
};

async function readCodeList(schemasDir: string, id: string): Promise<CodeListInfo> {
  const text = await readFile(path.join(schemasDir, 'codelists', `${id}.json`), 'utf8').catch(() => undefined);
  if (text === undefined) return { id, sources: [] };
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { id, sources: [] };
  }
  const sources = Array.isArray(parsed['sources']) ? parsed['sources'].filter((s): s is string => typeof s === 'string') : [];
  return {
    id,
    sources,
    ...(typeof parsed['title'] === 'string' ? { title: parsed['title'] } : {}),
    ...(typeof parsed['version'] === 'string' ? { version: parsed['version'] } : {}),
    ...(Array.isArray(parsed['codes']) ? { codeCount: parsed['codes'].length } : {}),
  };
}

/** Renders the whole document (without banner). */
export function renderModel(model: CanonicalModel, codeLists: readonly CodeListInfo[]): string {
  const out: string[] = [];
  out.push(`# Canonical model v1 (modelVersion ${model.version})`, '');
  out.push(
    'The harmonized model every migration writes: JSON Schema draft 2020-12 files in `schemas/model/v1/`, one per',
    'entity plus `common.schema.json`. This page is generated from them by `npm run generate`; edit the schemas,',
    'not this page. TypeScript types are generated into `src/generated/model/`; at runtime the registry',
    '(`getModel()`) and the validator (`validateAgainstSchema()`) read the same files.',
    '',
    '## Conventions',
    '',
    '- Entity names are camelCase (`budgetLine`); tables and columns are their snake_case (`budget_line`, `amount_rappen`).',
    '- Every record has `id` (UUID, deterministic UUIDv5 in migrations) and may carry `lineage` (source system, table, key, mapping version).',
    '- Money is integer Rappen in properties named `…Rappen` (`x-money: true`); never a float.',
    '- Dates are `YYYY-MM-DD` strings, months `YYYY-MM`; a date of birth may be partially known (`YYYY`, `YYYY-MM`).',
    '- Codes are strings from the code list named by `x-codeList`; references to other records are UUIDs with `x-references`.',
    '- Validity is historized with `validFrom`/`validTo` (inclusive; `validTo` absent while open-ended).',
    '- Absent means unknown or not applicable; the model does not use `null` values.',
    '',
    '## Sensitivity',
    '',
    'Every property carries `x-sensitivity`, judged for the value on its own, assuming the reader already knows the',
    'record exists. The rule:',
    '',
    '- `identifying`: the value identifies or locates a person, directly or as a quasi-identifier: names, `vn`, the old',
    '  AHV number, legacy person ids, sex, date of birth or death, marital status, nationality, places of origin,',
    "  address parts, dates of a person's life (arrival in Switzerland, canton, municipality), IBAN, payee names,",
    '  case numbers printed on letters, every free text (remarks, posting texts, document titles).',
    '- `special-category`: the value states a fact about social assistance, health, child/adult protection, work,',
    '  income or debts (art. 5 lit. c FADP): every amount, benefit and measure codes, closing reasons, indications,',
    '  labour status, education, housing, support flags, case domain.',
    '- `none`: technical ids and references, code lists of a technical nature (address type, authority type),',
    '  public data (municipalities, authorities), dates of records (opened, decided, booked, valid from/to) and',
    '  record metadata (lineage, checksums, media types).',
    '',
    'No `identifying` or `special-category` value may appear in logs, error or issue messages or reports.',
    '',
    '## Entities',
    '',
    '| Entity | Table | Description |',
    '|---|---|---|',
  );
  for (const entity of model.entities) out.push(`| [${entity.name}](#${anchor(entity.name)}) | \`${entity.table}\` | ${cell(entity.description)} |`);
  out.push('');
  out.push('## Common types (`common.schema.json#/$defs`)', '', '| Type | JSON type | Rule | Description |', '|---|---|---|---|');
  const defs = ((model.commonSchema as Record<string, unknown>)['$defs'] ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, def] of Object.entries(defs))
    out.push(`| \`${name}\` | ${String(def['type'])} | ${cell(ruleOf(def))} | ${cell(String(def['description'] ?? ''))} |`);
  out.push('');
  for (const entity of model.entities) {
    out.push(`## ${entity.name}`, '', `${entity.title}: ${entity.description}`, '', `Table \`${entity.table}\`, schema \`${entity.schemaId}\`.`, '');
    out.push('| Field | Column | Type | Required | Sensitivity | Code list / reference | Description |', '|---|---|---|---|---|---|---|');
    for (const p of entity.properties) {
      // Enum values are part of the contract: a mapping that writes another value is quarantined
      // (schema.enum). Listed wherever they apply: inline, through a common type, in array items and
      // in the fields of nested objects.
      const enums = enumsOf(((entity.schema as Record<string, unknown>)['properties'] as Record<string, unknown> | undefined)?.[p.name], defs, '');
      const type = [
        typeOf(p),
        ...enums.map((e) => `${e.path === '' ? '' : `\`${e.path}\` `}one of ${e.values.map((v) => `\`${String(v)}\``).join(', ')}`),
      ].join(', ');
      out.push(`| \`${p.name}\` | \`${p.column}\` | ${cell(type)} | ${p.required ? 'yes' : ''} | ${p.sensitivity} | ${linkOf(p)} | ${cell(p.description)} |`);
    }
    out.push('');
  }
  out.push('## Code lists', '', 'Code lists live in `schemas/codelists/<id>.json`, each with its sources.', '');
  out.push('| Id | Title | Version | Codes | Used by | Sources |', '|---|---|---|---|---|---|');
  for (const list of codeLists) {
    const users = model.entities.flatMap((e) =>
      codeListUsages(e.schema, e.name)
        .filter((u) => u.id === list.id)
        .map((u) => u.path),
    );
    const nested = users.join(', ');
    out.push(
      `| \`${list.id}\` | ${cell(list.title ?? '**file missing**')} | ${list.version ?? ''} | ${list.codeCount ?? ''} | ${cell(nested)} | ${cell(list.sources.join('; '))} |`,
    );
  }
  out.push('');
  return out.join('\n');
}

/** Where a schema uses code lists: `entity.field`, `entity.list[].field` for array items. */
function codeListUsages(node: unknown, at: string): Array<{ path: string; id: string }> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  const object = node as Record<string, unknown>;
  const found: Array<{ path: string; id: string }> = [];
  if (typeof object['x-codeList'] === 'string') found.push({ path: at, id: object['x-codeList'] });
  if (typeof object['properties'] === 'object' && object['properties'] !== null) {
    for (const [name, child] of Object.entries(object['properties'])) found.push(...codeListUsages(child, `${at}.${name}`));
  }
  if (object['items'] !== undefined) {
    const items = codeListUsages(object['items'], `${at}[]`);
    found.push(
      ...items.filter((u) => u.path !== `${at}[]` || object['x-codeList'] === undefined).map((u) => ({ ...u, path: u.path === `${at}[]` ? at : u.path })),
    );
  }
  return found;
}

/**
 * The allowed values of a property wherever the schema lists them: inline, through a `$ref` to a common
 * type, in array items (path `[]`) and in nested object fields (path `.field`); `at` is the path so far.
 */
function enumsOf(node: unknown, defs: Readonly<Record<string, Record<string, unknown>>>, at: string): { path: string; values: readonly unknown[] }[] {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return [];
  const object = node as Record<string, unknown>;
  const found: { path: string; values: readonly unknown[] }[] = [];
  if (Array.isArray(object['enum'])) found.push({ path: at, values: object['enum'] as unknown[] });
  const ref = object['$ref'];
  if (typeof ref === 'string' && ref.startsWith('common.schema.json#/$defs/')) {
    const def = defs[ref.slice('common.schema.json#/$defs/'.length)];
    if (Array.isArray(def?.['enum'])) found.push({ path: at, values: def['enum'] as unknown[] });
  }
  if (object['items'] !== undefined) found.push(...enumsOf(object['items'], defs, `${at}[]`).map((e) => ({ ...e, path: e.path === `${at}[]` ? at : e.path })));
  if (typeof object['properties'] === 'object' && object['properties'] !== null) {
    for (const [name, child] of Object.entries(object['properties'])) found.push(...enumsOf(child, defs, `${at}.${name}`));
  }
  return found;
}

function typeOf(p: PropertyDefinition): string {
  let type: string = p.jsonType;
  if (p.money) type = 'integer (Rappen)';
  else if (p.commonType !== undefined) type = `${p.jsonType} (${p.commonType})`;
  else if (p.format !== undefined) type = `${p.jsonType} (${p.format})`;
  if (p.maxLength !== undefined && p.commonType === undefined) type += ` ≤${p.maxLength}`;
  return p.nullable ? `${type} or null` : type;
}

function linkOf(p: PropertyDefinition): string {
  if (p.codeList !== undefined) return `\`${p.codeList}\``;
  if (p.references !== undefined) return `→ [${p.references}](#${anchor(p.references)})`;
  return '';
}

function ruleOf(def: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof def['format'] === 'string') parts.push(`format ${def['format']}`);
  if (typeof def['pattern'] === 'string') parts.push(`pattern \`${def['pattern']}\``);
  if (typeof def['minimum'] === 'number') parts.push(`≥ ${def['minimum']}`);
  if (typeof def['maximum'] === 'number') parts.push(`≤ ${def['maximum']}`);
  if (Array.isArray(def['enum'])) parts.push(`one of ${def['enum'].map((v) => `\`${String(v)}\``).join(', ')}`);
  if (def['type'] === 'object') parts.push(`properties ${Object.keys((def['properties'] ?? {}) as object).join(', ')}`);
  return parts.join('; ');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function anchor(name: string): string {
  return name.toLowerCase();
}
