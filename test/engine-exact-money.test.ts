/**
 * Exact money for control totals: CHF decimal text to integer Rappen with BigInt, Swiss-formatted
 * amounts only after the connectors' decimal parsing, negative amounts, and refusals instead of
 * rounding (a sub-Rappen amount cannot be compared exactly, and a float is never trusted).
 */
import { describe, expect, it } from 'vitest';
import { chfToRappen, decimalToScaled, sourceSumToRappen, yearOf } from '../src/core/pipeline/exact-money.js';
import { parseDecimalText } from '../src/connectors/shared/decimal-text.js';

describe('chfToRappen', () => {
  it.each([
    ['1234.50', 123450n],
    ['1234.5', 123450n],
    ['1234', 123400n],
    ['0.05', 5n],
    ['.05', null],
    ['-12.35', -1235n],
    ['+12.35', 1235n],
    ['-0.01', -1n],
    ['1234.500000', 123450n],
    ['  77.10  ', 7710n],
    ['99999999999999999.99', 9999999999999999999n],
  ])('%s CHF → %s Rappen', (text, rappen) => {
    expect(chfToRappen(text)).toBe(rappen);
  });

  it("takes a Swiss-formatted amount once the connector parsed it (1'234.50), never the raw text", () => {
    expect(chfToRappen("1'234.50")).toBeNull();
    expect(parseDecimalText("1'234.50")).toBe('1234.50');
    expect(chfToRappen(parseDecimalText("1'234.50")!)).toBe(123450n);
    expect(chfToRappen(parseDecimalText("-1'234'567.05")!)).toBe(-123456705n);
    expect(chfToRappen(parseDecimalText('1234,50', ',')!)).toBe(123450n);
  });

  it.each([
    ['a sub-Rappen amount', '12.345'],
    ['a sub-Rappen negative amount', '-0.001'],
    ['an exponent', '1e3'],
    ['a currency prefix', 'CHF 12.00'],
    ['a decimal comma', '12,50'],
    ['the empty string', ''],
    ['a lone sign', '-'],
  ])('refuses %s instead of rounding', (_name, text) => {
    expect(chfToRappen(text)).toBeNull();
  });

  it('accepts trailing zeros beyond the Rappen (exact) but never rounds a non-zero digit', () => {
    expect(chfToRappen('0.100')).toBe(10n);
    expect(chfToRappen('0.109')).toBeNull();
  });

  it('takes safe integers and bigint as whole francs, refuses a float number', () => {
    expect(chfToRappen(12)).toBe(1200n);
    expect(chfToRappen(-7n)).toBe(-700n);
    expect(chfToRappen(0.1 + 0.2)).toBeNull();
    expect(chfToRappen(12.5)).toBeNull();
    expect(chfToRappen(2 ** 60)).toBeNull();
  });
});

describe('sourceSumToRappen and decimalToScaled', () => {
  it('reads a source sum in CHF or in Rappen', () => {
    expect(sourceSumToRappen('1234.50', 'chf')).toBe(123450n);
    expect(sourceSumToRappen('123450', 'rappen')).toBe(123450n);
    expect(sourceSumToRappen('123450.0', 'rappen')).toBe(123450n);
    expect(sourceSumToRappen('123450.5', 'rappen')).toBeNull();
  });

  it('sums beyond 2^53 stay exact', () => {
    const big = sourceSumToRappen('92233720368547758.07', 'chf');
    expect(big).toBe(9223372036854775807n);
    expect(big! + 1n).toBe(9223372036854775808n);
  });

  it('scales to any number of decimals', () => {
    expect(decimalToScaled('1.2345', 4)).toBe(12345n);
    expect(decimalToScaled('1.23456', 4)).toBeNull();
    expect(decimalToScaled('-3', 0)).toBe(-3n);
  });
});

describe('yearOf', () => {
  it.each([
    ['2024-02-29', 2024],
    ['1899-12-31T23:59:59Z', 1899],
    [2021, 2021],
    ['31.12.2024', 2024],
    ['1.2.2024 08:15', 2024],
    ['03.2024', 2024],
    ['31.02.2024', null],
    [2021.5, null],
    [null, null],
  ])('%s → %s', (value, year) => {
    expect(yearOf(value)).toBe(year);
  });
});
