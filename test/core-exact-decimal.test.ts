/**
 * The one exact-decimal implementation (`core/exact-decimal.ts`) behind the three public faces: the
 * connectors' `DecimalSum`, the conformance kit's `sumDecimals`/`decimalEquals` and the engine's
 * `decimalToScaled`/`chfToRappen`. They agree with each other on the same inputs, without a float.
 */
import { describe, expect, it } from 'vitest';
import { DecimalSum as FilesDecimalSum } from '../src/connectors/files/index.js';
import { decimalEquals, sumDecimals } from '../src/testing/index.js';
import { chfToRappen, decimalToScaled } from '../src/core/pipeline/exact-money.js';
import { DecimalSum, tryParseDecimal } from '../src/core/exact-decimal.js';

/** Deterministic decimal texts with 0–4 decimals, both signs (a small LCG, no Math.random). */
function values(n: number): string[] {
  let seed = 42;
  const next = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  return Array.from({ length: n }, () => {
    const scale = next() % 5;
    const digits = String(next() % 10_000_000);
    const text = scale === 0 ? digits : `${digits.slice(0, -scale) || '0'}.${digits.padStart(scale, '0').slice(-scale)}`;
    return next() % 3 === 0 ? `-${text}` : text;
  });
}

describe('core exact decimal', () => {
  it('DecimalSum, sumDecimals and decimalToScaled agree on 500 mixed-scale values', () => {
    const list = values(500);
    const sum = new DecimalSum();
    for (const v of list) sum.add(v);
    expect(FilesDecimalSum).toBe(DecimalSum);
    expect(decimalEquals(sum.toString(), sumDecimals(list))).toBe(true);
    const scaled = list.reduce((acc, v) => acc + decimalToScaled(v, 4)!, 0n);
    expect(decimalToScaled(sum.toString(), 4)).toBe(scaled);
  });

  it('keeps 0.1 + 0.2 = 0.3 and refuses what is not exact', () => {
    const sum = new DecimalSum();
    sum.add('0.1');
    sum.add(0.2);
    expect(sum.toString()).toBe('0.3');
    expect(chfToRappen('0.005')).toBeNull();
    expect(chfToRappen('1.500')).toBe(150n);
    expect(tryParseDecimal('1e3')).toBeNull();
    expect(() => sum.add('1e3')).toThrow(RangeError);
  });
});
