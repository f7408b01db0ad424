/**
 * Control totals computed inside SQL Server: COUNT_BIG and exact SUMs (widened to DECIMAL(38,s) and
 * returned as text) per YEAR(date column) and per groupBy values.
 */
import type { ControlTotalRow, ControlTotals, ControlTotalSpec } from '../../core/connector/connector.js';
import { ERROR_CODES, ObjectNotFoundError } from '../../core/errors.js';
import { parseDecimalText } from '../shared/decimal-text.js';
import type { MssqlDriver } from './mssql-driver.js';
import { describeColumns } from './mssql-introspector.js';
import { controlTotalsQuery, parseTableName, type MssqlColumnSql } from './mssql-sql.js';
import { toColumnSql } from './mssql-type-map.js';

/** ControlTotals of a SQL Server source. */
export class MssqlControlTotals implements ControlTotals {
  constructor(private readonly driver: MssqlDriver) {}

  /** Counts and exact sums per year and group, ordered by year then group values. */
  async compute(spec: ControlTotalSpec): Promise<readonly ControlTotalRow[]> {
    const name = parseTableName(spec.table, this.driver.schema);
    const metadata = await describeColumns(this.driver, spec.table, name);
    const byName = new Map(metadata.map((c) => [c.name, toColumnSql(c.info)]));
    const column = (n: string): MssqlColumnSql => {
      const c = byName.get(n);
      if (!c)
        throw new ObjectNotFoundError(`Table "${spec.table}" has no column "${n}".`, {
          code: ERROR_CODES.COLUMN_NOT_FOUND,
          details: { table: spec.table, column: n },
        });
      return c;
    };
    const groupBy = (spec.groupBy ?? []).map(column);
    const sumColumns = (spec.sumColumns ?? []).map(column);
    const statement = controlTotalsQuery({
      table: name,
      ...(spec.yearColumn ? { yearColumn: column(spec.yearColumn) } : {}),
      groupBy,
      sumColumns,
      ...(spec.where === undefined ? {} : { where: spec.where.map((c) => ({ ...c, column: column(c.column) })) }),
      ...(spec.negateWhen === undefined ? {} : { negateWhen: spec.negateWhen.map((c) => ({ ...c, column: column(c.column) })) }),
    });
    const rows = await this.driver.execute(statement, { table: spec.table });
    const totals = rows.map((r): ControlTotalRow => {
      const group: Record<string, string | number | null> = {};
      if (spec.yearColumn) group.year = r.year === null || r.year === undefined ? null : Number(r.year);
      groupBy.forEach((c, i) => {
        const v = r[`g${i}`];
        group[c.name] = v === null || v === undefined ? null : String(v);
      });
      const sums: Record<string, string> = {};
      sumColumns.forEach((c, i) => {
        const v = r[`s${i}`];
        sums[c.name] = typeof v === 'string' ? (parseDecimalText(v) ?? v) : '0';
      });
      return { group, count: Number(r.count), sums };
    });
    // Without GROUP BY, SQL answers one row even for an empty table; no rows means no groups.
    return totals.filter((t) => t.count > 0);
  }
}
