/**
 * The content of the mapping document, built from compiled mappings only: every section, table row and
 * parameter comes from the rule objects that run, so the document cannot drift from the migration. The
 * renderers (Markdown, HTML) only format this model.
 */
import { getModel } from '../../core/model/model-registry.js';
import type { CodeListMap } from '../codes/code-list-map.js';
import { codeListPin } from '../codes/code-list-map.js';
import type { CodeListPolicy } from '../codes/code-list-policy.js';
import type { CompiledMapping } from '../dsl/define-mapping.js';
import type { AnyFieldRule, InvalidValuePolicy } from '../dsl/field-rules.js';

/** A table: header cells and rows of plain-text cells (renderers escape them). */
export interface DocTable {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** A block of the document. */
export type DocBlock =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  | { readonly kind: 'list'; readonly items: readonly string[] }
  | { readonly kind: 'table'; readonly table: DocTable };

/** How one rule reads in the document. */
export interface RuleDescription {
  readonly rule: string;
  readonly columns: string;
  readonly transform: string;
  readonly codeList: string;
}

/** The invalid-value policy as text; empty for the default (quarantine). */
function invalidText(policy: InvalidValuePolicy | undefined): string {
  if (policy === undefined || policy === 'quarantine') return '';
  return policy === 'null' ? ' (invalid value: null + warning)' : ` (invalid value: ${JSON.stringify(policy.default)} + warning)`;
}

/** Describes a rule as plain text cells. */
export function describeRule(rule: AnyFieldRule, field: string, entity: string): RuleDescription {
  switch (rule.kind) {
    case 'copy':
      return { rule: `copy${invalidText(rule.onInvalid)}`, columns: field, transform: '', codeList: '' };
    case 'rename':
      return { rule: `rename${invalidText(rule.onInvalid)}`, columns: rule.column, transform: '', codeList: '' };
    case 'constant':
      return { rule: 'constant', columns: '', transform: `= ${JSON.stringify(rule.value)}`, codeList: '' };
    case 'transform': {
      const params = Object.entries(rule.transform.params).map(([k, v]) => `${k}=${String(v)}`);
      const pick = rule.pick === undefined ? '' : ` → .${rule.pick}`;
      return {
        rule: `transform (on failure: ${rule.severity})${invalidText(rule.onInvalid)}`,
        columns: rule.column,
        transform: `${rule.transform.name}(${params.join(', ')})${pick}`,
        codeList: '',
      };
    }
    case 'lookup':
      return {
        rule: `lookup${invalidText(rule.onInvalid)}`,
        columns: (rule.columns ?? [rule.column]).join(' + '),
        transform: '',
        codeList: `${codeListPin(rule.map)} (${describePolicy(rule.policy)})`,
      };
    case 'computed':
      return {
        rule: `computed (on failure: ${rule.severity})${invalidText(rule.onInvalid)}`,
        columns: rule.columns.join(', '),
        transform: rule.description,
        codeList: '',
      };
    case 'reference':
      return {
        rule: rule.optional ? 'reference (optional)' : 'reference',
        columns: rule.columns.join(', '),
        transform: `id of ${rule.entity} from (${[...rule.columns, ...(rule.qualifier === undefined ? [] : [JSON.stringify(rule.qualifier)])].join(', ')})`,
        codeList: '',
      };
    case 'id':
      return {
        rule: 'id',
        columns: rule.columns.join(', '),
        transform: `UUIDv5(source system, ${entity}, ${[...rule.columns, ...(rule.qualifier === undefined ? [] : [JSON.stringify(rule.qualifier)])].join(', ')})`,
        codeList: '',
      };
  }
}

/** A code-list policy in words. */
export function describePolicy(policy: CodeListPolicy): string {
  const unmapped = typeof policy.unmapped === 'object' ? `default ${policy.unmapped.default}` : policy.unmapped;
  return `unmapped: ${unmapped}; unapproved: ${policy.unapproved}`;
}

/** Builds the document blocks for a set of compiled mappings. */
export function buildMappingDocument(mappings: readonly CompiledMapping[], title: string): DocBlock[] {
  const model = getModel();
  const blocks: DocBlock[] = [
    { kind: 'heading', level: 1, text: title },
    {
      kind: 'paragraph',
      text: `Generated from the compiled mapping definitions (canonical model ${model.version}). It lists every rule that runs; edit the mappings, not this document.`,
    },
    {
      kind: 'table',
      table: {
        headers: ['mapping', 'version', 'source table', 'yields', 'depends on'],
        rows: mappings.map((m) => [
          m.name,
          m.version,
          m.source.query === undefined ? m.source.table : '(query)',
          m.produces.join(', '),
          (m.dependsOn ?? []).join(', '),
        ]),
      },
    },
  ];
  const maps = new Map<string, CodeListMap>();
  for (const m of mappings) {
    blocks.push({ kind: 'heading', level: 2, text: `Mapping ${m.name} (${m.version})` });
    if (m.definition.description !== undefined) blocks.push({ kind: 'paragraph', text: m.definition.description });
    blocks.push({
      kind: 'list',
      items: [
        sourceLine(m.source),
        `Key columns: ${(m.source.keyColumns ?? []).join(', ') || '(primary key of the source)'}`,
        `Columns read: ${(m.source.columns ?? []).join(', ')}`,
        `Reported as: ${m.entity}; yields ${m.produces.join(', ')}`,
        `Depends on: ${(m.dependsOn ?? []).join(', ') || '(none)'}`,
        `Blank text is ${m.definition.blankAsNull === false ? 'kept as is' : 'treated as absent'}`,
      ],
    });
    blocks.push({ kind: 'heading', level: 3, text: 'Filter rules' });
    const nothing = m.definition.whenNothingYields;
    const filterRows = [
      ...m.filterDefinitions.map((f) => [f.name, f.description, f.columns.join(', ')]),
      ...(nothing === undefined ? [] : [[nothing.filter, `${nothing.description} (rows for which no yield applies)`, '(the yield conditions)']]),
    ];
    blocks.push(
      filterRows.length === 0
        ? { kind: 'paragraph', text: 'No filter rules: every source row is mapped; a row for which no yield applies is quarantined.' }
        : { kind: 'table', table: { headers: ['filter', 'why', 'source columns'], rows: filterRows } },
    );
    for (const y of m.yields) {
      const entity = model.entity(y.entity);
      blocks.push({ kind: 'heading', level: 3, text: `${m.source.table} → ${y.entity} (table ${entity.table})` });
      if (y.when !== undefined) blocks.push({ kind: 'paragraph', text: `Only when: ${y.when.description} (reads ${y.when.columns.join(', ')}).` });
      const rows = y.fields.map(({ field, rule }) => {
        const d = describeRule(rule, field, y.entity);
        if (rule.kind === 'lookup') maps.set(`${rule.map.id}\u0000${rule.map.fingerprint}`, rule.map);
        const property = entity.properties.find((p) => p.name === field);
        return [d.columns, field, property?.description ?? '', d.rule, d.transform, d.codeList];
      });
      blocks.push({
        kind: 'table',
        table: { headers: ['source column(s)', 'canonical field', 'meaning', 'rule', 'transform / parameters', 'code list (policy)'], rows },
      });
    }
    if ((m.controlTotals ?? []).length > 0) {
      blocks.push({ kind: 'heading', level: 3, text: 'Control totals' });
      const rows = (m.controlTotals ?? []).map((c) => [
        c.source.table,
        c.entity,
        c.source.yearColumn === undefined ? '' : `${c.source.yearColumn} → ${c.yearField ?? ''}`,
        Object.entries(c.sums ?? {})
          .map(([from, to]) => `${from} → ${to}`)
          .join(', '),
        c.sourceUnit ?? 'chf',
      ]);
      blocks.push({ kind: 'table', table: { headers: ['source table', 'entity', 'year', 'sums', 'source unit'], rows } });
    }
  }
  if (maps.size > 0) blocks.push({ kind: 'heading', level: 2, text: 'Code-list maps' });
  for (const map of [...maps.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    blocks.push({ kind: 'heading', level: 3, text: `${map.id} version ${map.version}` });
    const entries = [...map.entries.values()];
    blocks.push({
      kind: 'list',
      items: [
        `Fingerprint (SHA-256): ${map.fingerprint}`,
        `Target code list: ${map.targetCodeList ?? '(not checked)'}`,
        `Entries: ${entries.length}; approved ${entries.filter((e) => e.status === 'approved').length}; proposed ${entries.filter((e) => e.status === 'proposed').length}`,
      ],
    });
    blocks.push({
      kind: 'table',
      table: {
        headers: ['source code', 'source label', 'target code', 'status', 'approved by', 'approved at', 'note'],
        rows: entries.map((e) => [e.sourceCode, e.sourceLabel ?? '', e.targetCode ?? '', e.status, e.approvedBy ?? '', e.approvedAt ?? '', e.note ?? '']),
      },
    });
  }
  return blocks;
}

/** The document's line for a mapping's source: a table, a join (tables, aliases and keys) or a query. */
function sourceLine(source: CompiledMapping['source']): string {
  if (source.query !== undefined) return `Source query: ${source.query.replaceAll(/\s+/g, ' ')}`;
  if (source.join === undefined) return `Source table: ${source.table}`;
  const joins = source.join.joins.map((j) => `${j.type} join ${j.table} ${j.as} on ${j.on.map(([l, r]) => `${l} = ${r}`).join(' and ')}`);
  return `Source join: ${source.join.from.table} ${source.join.from.as}, ${joins.join(', ')}`;
}
