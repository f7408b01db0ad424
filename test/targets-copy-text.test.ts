/** COPY text-format encoding and error translation of the canonical targets (pure functions). */
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isCasebridgeError } from '../src/core/errors.js';
import { copyField, copyLine, escapeCopyText, textArrayLiteral } from '../src/targets/shared/copy-text.js';
import { translateDatabaseError } from '../src/targets/shared/database-errors.js';

describe('COPY text encoding', () => {
  it.each([
    ['plain', 'plain'],
    ['a\tb', 'a\\tb'],
    ['a\nb', 'a\\nb'],
    ['a\r\nb', 'a\\r\\nb'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
    ['\\.', '\\\\.'],
    ['\b\f\v', '\\b\\f\\v'],
    ['äöü 🎉', 'äöü 🎉'],
    ['', ''],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeCopyText(input)).toBe(expected);
  });

  it('writes NULL as \\N and an empty string as an empty field', () => {
    expect(copyField(null)).toBe('\\N');
    expect(copyLine(['a', null, '', 'x\ty'])).toBe('a\t\\N\t\tx\\ty\n');
  });

  it('refuses NUL, which PostgreSQL text cannot hold, without quoting the value', () => {
    let error: unknown;
    try {
      escapeCopyText('secret\u0000value');
    } catch (e) {
      error = e;
    }
    expect(isCasebridgeError(error, ERROR_CODES.DATA_EXCEPTION)).toBe(true);
    expect(String((error as Error).message)).not.toContain('secret');
  });

  it.each([
    [[], '{}'],
    [['a', 'b'], '{"a","b"}'],
    [['NULL', 'x,y', '{z}'], '{"NULL","x,y","{z}"}'],
    [['q"uote', 'back\\slash'], '{"q\\"uote","back\\\\slash"}'],
  ])('renders text array %j as %s', (input, expected) => {
    expect(textArrayLiteral(input)).toBe(expected);
  });
});

describe('database error translation', () => {
  it.each([
    ['23505', ERROR_CODES.UNIQUE_VIOLATION],
    ['23503', ERROR_CODES.FOREIGN_KEY_VIOLATION],
    ['23502', ERROR_CODES.NOT_NULL_VIOLATION],
    ['23514', ERROR_CODES.CHECK_VIOLATION],
    ['42P01', ERROR_CODES.TABLE_NOT_FOUND],
    ['42703', ERROR_CODES.COLUMN_NOT_FOUND],
    ['22P02', ERROR_CODES.DATA_EXCEPTION],
    ['22007', ERROR_CODES.DATA_EXCEPTION],
    ['57014', ERROR_CODES.TIMEOUT],
    ['08006', ERROR_CODES.CONNECTION_FAILED],
    ['57P01', ERROR_CODES.CONNECTION_FAILED],
    ['28P01', ERROR_CODES.AUTHENTICATION_FAILED],
    ['3D000', ERROR_CODES.CONNECTION_FAILED],
    ['ECONNREFUSED', ERROR_CODES.CONNECTION_FAILED],
    ['40P01', ERROR_CODES.QUERY_FAILED],
    [undefined, ERROR_CODES.QUERY_FAILED],
  ])('SQLSTATE %s → %s, never copying the server message', (sqlstate, code) => {
    const raw = Object.assign(new Error('invalid input syntax for type date: "Muster Hans 1970-13-01"'), { code: sqlstate, table: 'person', column: 'vn' });
    const error = translateDatabaseError(raw, 'commit batch');
    expect(error.code).toBe(code);
    expect(error.message).not.toContain('Muster');
    expect(JSON.stringify(error)).not.toContain('Muster');
    if (sqlstate !== undefined && sqlstate.length === 5) expect(error.details).toMatchObject({ sqlstate, table: 'person', column: 'vn' });
    expect(error.cause).toBe(raw);
  });
});
