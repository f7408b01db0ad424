/**
 * Type-tagged renderings of source values for exact comparison: `5` (number) and `'5'` (string) differ,
 * NULL and '' differ, binaries compare by bytes, JSON by content with sorted keys.
 */
import { isInvalidSourceValue } from '../core/connector/source-value.js';

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A type-tagged string form of a value, e.g. `string:"abc"`, `number:5`, `binary:00ff`, `invalid:zero-date:…`. */
export function describeSourceValue(value: unknown, asJson = false): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (isInvalidSourceValue(value)) return `invalid:${value.reason}:${JSON.stringify(value.raw)}`;
  if (value instanceof Uint8Array) return `binary:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`;
  if (value instanceof Date) return `Date:${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()}`;
  if (asJson) return `json:${stableJson(value)}`;
  if (typeof value === 'object') return `${Array.isArray(value) ? 'array' : 'object'}:${stableJson(value)}`;
  if (typeof value === 'number' && Object.is(value, -0)) return 'number:0';
  return `${typeof value}:${JSON.stringify(value)}`;
}
