/**
 * `CompactIdSet` keeps uuids as 16 bytes in a typed array: it must answer exactly as a `Set<string>`
 * would (modulo uuid case), across table growth, with the nil uuid and with ids that are not uuids.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CompactIdSet } from '../src/core/pipeline/compact-id-set.js';

describe('CompactIdSet', () => {
  it('holds 50,000 random uuids through many growths and finds none of 50,000 others', () => {
    const set = new CompactIdSet(4);
    const held = Array.from({ length: 50_000 }, () => randomUUID());
    const absent = Array.from({ length: 50_000 }, () => randomUUID());
    expect(held.filter((id) => set.add(id)).length).toBe(50_000);
    expect(set.size).toBe(50_000);
    expect(held.every((id) => set.has(id))).toBe(true);
    expect(absent.filter((id) => set.has(id)).length).toBe(0);
    expect(held.slice(0, 1000).filter((id) => set.add(id)).length).toBe(0); // already there
    expect(set.size).toBe(50_000);
  });

  it('treats uuids case-insensitively, as the database does', () => {
    const set = new CompactIdSet();
    const id = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
    expect(set.add(id)).toBe(true);
    expect(set.has(id.toLowerCase())).toBe(true);
    expect(set.add(id.toLowerCase())).toBe(false);
    expect(set.size).toBe(1);
  });

  it('keeps the nil uuid (its empty-slot marker) and ids that are not uuids', () => {
    const set = new CompactIdSet();
    const nil = '00000000-0000-0000-0000-000000000000';
    expect(set.has(nil)).toBe(false);
    expect(set.add(nil)).toBe(true);
    expect(set.add('p-1')).toBe(true);
    expect(set.add('p-1')).toBe(false);
    expect(set.add('00000000-0000-0000-0000-00000000000g')).toBe(true); // not hex: a plain string
    expect([set.has(nil), set.has('p-1'), set.has('p-2'), set.has('00000000-0000-0000-0000-000000000001')]).toEqual([true, true, false, false]);
    expect(set.size).toBe(3);
  });

  it('distinguishes uuids that differ in a single word', () => {
    const set = new CompactIdSet(2);
    const base = ['12345678', '9abc', 'def0', '1234', '56789abcdef0'];
    const variant = (i: number): string => base.map((part, j) => (j === i ? part.replace(/^./, 'f') : part)).join('-');
    set.add(base.join('-'));
    expect([0, 1, 2, 3, 4].map((i) => set.has(variant(i)))).toEqual([false, false, false, false, false]);
    for (const i of [0, 1, 2, 3, 4]) set.add(variant(i));
    expect(set.size).toBe(6);
    expect([0, 1, 2, 3, 4].every((i) => set.has(variant(i)))).toBe(true);
  });
});
