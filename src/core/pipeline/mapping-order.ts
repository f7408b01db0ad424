/** Orders mappings so that every mapping runs after the mappings it `dependsOn` (stable topological sort). */
import { MappingError } from '../errors.js';
import type { SourceMapping } from './source-mapping.js';

/** Mappings in dependency order; input order breaks ties. Throws MappingError on unknown names or cycles. */
export function orderMappings(mappings: readonly SourceMapping[]): SourceMapping[] {
  const byName = new Map(mappings.map((m) => [m.name, m]));
  for (const mapping of mappings) {
    for (const dep of mapping.dependsOn ?? []) {
      if (!byName.has(dep)) throw new MappingError('dependsOn names an unknown mapping.', { details: { mapping: mapping.name, dependsOn: dep } });
    }
  }
  const ordered: SourceMapping[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (mapping: SourceMapping): void => {
    const s = state.get(mapping.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new MappingError('Mappings depend on each other in a cycle.', { details: { mapping: mapping.name } });
    state.set(mapping.name, 'visiting');
    for (const dep of mapping.dependsOn ?? []) visit(byName.get(dep) as SourceMapping);
    state.set(mapping.name, 'done');
    ordered.push(mapping);
  };
  for (const mapping of mappings) visit(mapping);
  return ordered;
}

/** Groups ordered mappings into waves: every mapping of a wave depends only on earlier waves. */
export function mappingWaves(ordered: readonly SourceMapping[]): SourceMapping[][] {
  const wave = new Map<string, number>();
  const waves: SourceMapping[][] = [];
  for (const mapping of ordered) {
    const level = Math.max(-1, ...(mapping.dependsOn ?? []).map((d) => wave.get(d) ?? 0)) + 1;
    wave.set(mapping.name, level);
    (waves[level] ??= []).push(mapping);
  }
  return waves;
}
