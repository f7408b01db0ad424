/**
 * One SQLSTATE table for the PostgreSQL source and the PostgreSQL/PGlite targets: the same server error
 * becomes the same casebridge error class and code on both sides (only the wording differs), and neither
 * copies the server's message, which may quote a value.
 */
import { describe, expect, it } from 'vitest';
import { translatePostgresError } from '../src/connectors/postgres/postgres-errors.js';
import { translateDatabaseError } from '../src/targets/shared/database-errors.js';
import { classifySqlState } from '../src/core/sql-state.js';
import { ERROR_CODES } from '../src/core/errors.js';

const CASES: readonly (readonly [string, string, string])[] = [
  ['23505', 'unique-violation', ERROR_CODES.UNIQUE_VIOLATION],
  ['23503', 'foreign-key-violation', ERROR_CODES.FOREIGN_KEY_VIOLATION],
  ['23502', 'not-null-violation', ERROR_CODES.NOT_NULL_VIOLATION],
  ['23514', 'check-violation', ERROR_CODES.CHECK_VIOLATION],
  ['42P01', 'table-not-found', ERROR_CODES.TABLE_NOT_FOUND],
  ['3F000', 'table-not-found', ERROR_CODES.TABLE_NOT_FOUND],
  ['42703', 'column-not-found', ERROR_CODES.COLUMN_NOT_FOUND],
  ['57014', 'statement-timeout', ERROR_CODES.TIMEOUT],
  ['3D000', 'database-not-found', ERROR_CODES.CONNECTION_FAILED],
  ['28P01', 'authentication', ERROR_CODES.AUTHENTICATION_FAILED],
  ['28000', 'authentication', ERROR_CODES.AUTHENTICATION_FAILED],
  ['08006', 'connection', ERROR_CODES.CONNECTION_FAILED],
  ['57P01', 'connection', ERROR_CODES.CONNECTION_FAILED],
  ['53300', 'connection', ERROR_CODES.CONNECTION_FAILED],
  ['22007', 'data', ERROR_CODES.DATA_EXCEPTION],
  ['40001', 'serialization', ERROR_CODES.QUERY_FAILED],
  ['XX000', 'other', ERROR_CODES.QUERY_FAILED],
];

describe('shared SQLSTATE table', () => {
  it.each(CASES)('%s is %s → %s on the source and the target side', (sqlstate, kind, code) => {
    expect(classifySqlState(sqlstate)).toBe(kind);
    const serverError = Object.assign(new Error('invalid input syntax for type date: "12.13.1980"'), {
      code: sqlstate,
      table: 'person',
      column: 'date_of_birth',
    });
    const source = translatePostgresError(serverError, { operation: 'read', table: 'BaPerson' });
    const target = translateDatabaseError(serverError, 'commit batch');
    expect([source.code, target.code]).toEqual([code, code]);
    expect(source.constructor).toBe(target.constructor);
    for (const e of [source, target]) {
      expect(e.message).not.toContain('12.13.1980');
      expect(e.cause).toBe(serverError);
    }
  });

  it('socket errors are connection failures on both sides', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(translatePostgresError(refused, { operation: 'connect' }).code).toBe(ERROR_CODES.CONNECTION_FAILED);
    expect(translateDatabaseError(refused, 'open').code).toBe(ERROR_CODES.CONNECTION_FAILED);
  });
});
