/**
 * casebridge/testing: the connector conformance kit. vitest is an optional peer dependency of this
 * entry point only.
 */
export { describeConnectorConformance } from './conformance-suite.js';
export type {
  BadCredentialsCase,
  ConformanceCheck,
  ConformanceExpectations,
  ConformanceOptions,
  ConformanceSetupResult,
} from './conformance-options.js';
export { buildConformanceFixture } from './fixtures/golden-fixture.js';
export { FIXTURE_CASES } from './fixtures/fixture-types.js';
export type {
  ConformanceFixture,
  FixtureCaseId,
  FixtureColumn,
  FixtureColumnVariant,
  FixtureRow,
  FixtureTable,
  FixtureTableRole,
} from './fixtures/fixture-types.js';
export { expectedControlTotals, compareControlTotals } from './expected-control-totals.js';
export { decimalEquals, sumDecimals } from './exact-decimal.js';
export { describeSourceValue } from './value-format.js';
export { readAll, rejectionOf, type ReadResult } from './read-all.js';
export { postgresFixtureStatements } from './loaders/postgres-fixture-loader.js';
export { mysqlFixtureStatements } from './loaders/mysql-fixture-loader.js';
export { sqlStringLiteral, type FixtureStatement } from './loaders/sql-literals.js';
