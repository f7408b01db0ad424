/**
 * SQL Server join and query sources without a server: the T-SQL of a join (a derived table with the
 * inner-join marker, bracket-quoted, schema-qualified), a query wrapped as a derived table, keyset
 * pages on both (composite keys expanded, NULL join-key parameters allowed), and the result-column
 * description of a query.
 */
import { describe, expect, it } from 'vitest';
import { keyParameterText } from '../src/connectors/mssql/mssql-reader.js';
import {
  columnFromTypeName,
  describeQueryResultQuery,
  keysetPage,
  parseTableName,
  qualifiedName,
  quoteIdentifier,
  type MssqlColumnSql,
} from '../src/connectors/mssql/mssql-sql.js';
import { toColumnSql } from '../src/connectors/mssql/mssql-type-map.js';
import { joinFromSql, queryFromSql } from '../src/connectors/shared/join-sql.js';
import { assertReadOnlyQuery } from '../src/connectors/shared/read-only-query.js';
import type { JoinSource } from '../src/core/connector/join-source.js';

const spelling = { quoteIdentifier, tableName: (t: string) => qualifiedName(parseTableName(t, 'dbo')) };
const col = (name: string, dataType: string): MssqlColumnSql => toColumnSql({ name, dataType });

const JOIN: JoinSource = {
  from: { table: 'BgPosition', as: 'l' },
  joins: [
    { table: 'BgBudget', as: 'b', on: [['l.BgBudgetID', 'b.BgBudgetID']], type: 'inner' },
    {
      table: 'kiss.FaLeistung',
      as: 'c',
      on: [
        ['b.FaLeistungID', 'c.FaLeistungID'],
        ['b.Mandant', 'c.Mandant'],
      ],
      type: 'left',
    },
  ],
  columns: { line_id: 'l.BgPositionID', amount: 'l.Betrag', person_id: 'c.BaPersonID' },
};

describe('SQL Server join source', () => {
  it('compiles to one derived table: LEFT JOINs, the inner-join marker, quoted and schema-qualified names', () => {
    expect(joinFromSql(spelling, JOIN, ['line_id', 'amount', 'person_id', '__join_unmatched'])).toBe(
      '(SELECT [l].[BgPositionID] AS [line_id], [l].[Betrag] AS [amount], [c].[BaPersonID] AS [person_id], ' +
        "CASE WHEN [b].[BgBudgetID] IS NULL THEN 'b' END AS [__join_unmatched] " +
        'FROM [dbo].[BgPosition] AS [l] LEFT JOIN [dbo].[BgBudget] AS [b] ON [l].[BgBudgetID] = [b].[BgBudgetID] ' +
        'LEFT JOIN [kiss].[FaLeistung] AS [c] ON [b].[FaLeistungID] = [c].[FaLeistungID] AND [b].[Mandant] = [c].[Mandant]) AS [src]',
    );
  });

  it('pages the derived table by keyset: TOP (@n), expanded composite key, values converted on the server', () => {
    const from = joinFromSql(spelling, JOIN, ['line_id', 'amount']);
    const keys = [col('line_id', 'int'), col('person_id', 'bigint')];
    const statement = keysetPage({
      table: parseTableName('BgPosition', 'dbo'),
      from,
      columns: [col('line_id', 'int'), col('amount', 'decimal'), col('person_id', 'bigint')],
      keys,
      batchSize: 500,
      after: ['17', null],
    });
    expect(statement.sql).toBe(
      `SELECT TOP (@n) [line_id], CONVERT(varchar(60), [amount]) AS [amount], CONVERT(varchar(20), [person_id]) AS [person_id] FROM ${from} ` +
        'WHERE ([line_id] > CAST(@p1 AS int)) OR ([line_id] = CAST(@p1 AS int) AND [person_id] > CAST(@p2 AS bigint)) ORDER BY [line_id], [person_id]',
    );
    expect(statement.params).toEqual({ n: 500, p1: '17', p2: null });
  });

  it('a join key position may hold NULL (the missing side of a left join); a table key may not', () => {
    expect(keyParameterText(null, 'BgPosition', true)).toBeNull();
    expect(() => keyParameterText(null, 'BgPosition')).toThrowError(expect.objectContaining({ code: 'CB_CHECKPOINT_INVALID' }));
  });
});

describe('SQL Server query source', () => {
  it('wraps the checked query as a derived table and describes its result columns on the server', () => {
    const query = assertReadOnlyQuery('m', 'SELECT p.BgPositionID AS line_id, p.Betrag FROM BgPosition p;');
    expect(queryFromSql(spelling, query)).toBe('(SELECT p.BgPositionID AS line_id, p.Betrag FROM BgPosition p) AS [src]');
    expect(describeQueryResultQuery(query)).toEqual({
      sql: 'SELECT [name], [system_type_name] AS [type] FROM sys.dm_exec_describe_first_result_set(@query, NULL, 0) ORDER BY [column_ordinal]',
      params: { query },
    });
  });

  it.each([
    ['decimal(18,2)', { sqlType: 'decimal(18,2)', baseType: 'decimal', scale: 2 }],
    ['nvarchar(40)', { sqlType: 'nvarchar(40)', baseType: 'nvarchar' }],
    ['money', { sqlType: 'money', baseType: 'money', scale: 4 }],
    ['datetime2(7)', { sqlType: 'datetime2(7)', baseType: 'datetime2' }],
  ])('a result column of type %s gets the same column facts as a table column', (typeName, want) => {
    expect(columnFromTypeName('x', typeName)).toEqual({ name: 'x', ...want });
  });
});
