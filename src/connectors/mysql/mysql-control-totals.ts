/** Control totals computed inside MySQL/MariaDB: COUNT(*) and exact SUMs per year and group, as text. */
import type { ConnectorDriver, ControlTotalRow, ControlTotalSpec, ControlTotals } from '../../core/connector/connector.js';
import { buildControlTotalsSelect, parseControlTotalRows } from '../shared/control-totals-sql.js';
import { asMysqlDriver, resultRows, type MysqlDriver } from './mysql-driver.js';
import { translateMysqlError } from './mysql-errors.js';
import { MYSQL_SQL_DIALECT } from './mysql-sql-dialect.js';

/** The MySQL ControlTotals. Zero dates count in the `year: null` group. */
export class MysqlControlTotals implements ControlTotals {
  readonly #driver: MysqlDriver;

  constructor(driver: ConnectorDriver) {
    this.#driver = asMysqlDriver(driver);
  }

  /** Runs one aggregate query for `spec`. */
  async compute(spec: ControlTotalSpec): Promise<readonly ControlTotalRow[]> {
    const stmt = buildControlTotalsSelect(MYSQL_SQL_DIALECT, undefined, spec);
    try {
      return parseControlTotalRows(spec, resultRows(await this.#driver.pool().query(stmt.sql, stmt.params)).rows);
    } catch (error) {
      throw translateMysqlError(error, { operation: 'control totals', table: spec.table });
    }
  }
}
