/** Control totals computed inside PostgreSQL: COUNT(*) and exact SUMs per year and group, as text. */
import type { ConnectorDriver, ControlTotalRow, ControlTotalSpec, ControlTotals } from '../../core/connector/connector.js';
import { buildControlTotalsSelect, parseControlTotalRows } from '../shared/control-totals-sql.js';
import { asPostgresDriver, type PostgresDriver } from './postgres-driver.js';
import { translatePostgresError } from './postgres-errors.js';
import { POSTGRES_SQL_DIALECT } from './postgres-sql-dialect.js';

/** The PostgreSQL ControlTotals. */
export class PostgresControlTotals implements ControlTotals {
  readonly #driver: PostgresDriver;

  constructor(driver: ConnectorDriver) {
    this.#driver = asPostgresDriver(driver);
  }

  /** Runs one aggregate query for `spec`. */
  async compute(spec: ControlTotalSpec): Promise<readonly ControlTotalRow[]> {
    const stmt = buildControlTotalsSelect(POSTGRES_SQL_DIALECT, this.#driver.config.schema, spec);
    try {
      const result = await this.#driver.pool().query(stmt.sql, stmt.params);
      return parseControlTotalRows(spec, result.rows);
    } catch (error) {
      throw translatePostgresError(error, { operation: 'control totals', table: spec.table });
    }
  }
}
