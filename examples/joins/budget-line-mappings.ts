/**
 * Joins and queries (docs/mappings.md, "Joins and queries"): KiSS stores no person on a budget line;
 * it is the person of the budget's case. The budget-line mapping reads a join (budget line → budget →
 * case); persons, cases and budgets are plain table mappings. test/join-sources-engine.test.ts runs
 * exactly these mappings from MariaDB and from CSV files, and checks that the docs quote this file.
 */
import { constant, defineMapping, id, reference, rename, t, transform } from '../../src/index.js';

export const persons = defineMapping({
  name: 'person',
  version: '1.0.0',
  source: { table: 'person', keyColumns: ['person_id'] },
  yields: [{ entity: 'person', fields: { id: id('person_id'), officialName: rename('name'), firstName: rename('first_name') } }],
});

export const cases = defineMapping({
  name: 'case',
  version: '1.0.0',
  source: { table: 'fall', keyColumns: ['case_id'] },
  dependsOn: ['person'],
  yields: [
    {
      entity: 'case',
      fields: {
        id: id('case_id'),
        domain: constant('WSH'),
        personId: reference('person', 'person_id'),
        municipalityBfsNumber: constant(351),
        openedOn: rename('opened_on'),
      },
    },
  ],
});

export const budgets = defineMapping({
  name: 'budget',
  version: '1.0.0',
  source: { table: 'budget', keyColumns: ['budget_id'] },
  dependsOn: ['case'],
  yields: [
    {
      entity: 'budget',
      fields: { id: id('budget_id'), caseId: reference('case', 'case_id'), budgetType: constant('REGULAR'), periodFrom: rename('period_from') },
    },
  ],
});

// The join: rows carry the output names of `columns`, ordered by `key`. A line whose budget is missing
// (or NULL) has no match in the inner join `b`: it is counted as the filter `join-unmatched-b`.
export const budgetLines = defineMapping({
  name: 'budget-line',
  version: '1.0.0',
  source: {
    join: {
      from: { table: 'budget_line', as: 'l' },
      joins: [
        { table: 'budget', as: 'b', on: [['l.budget_id', 'b.budget_id']], type: 'inner' },
        { table: 'fall', as: 'c', on: [['b.case_id', 'c.case_id']], type: 'left' },
      ],
      columns: { line_id: 'l.line_id', budget_id: 'l.budget_id', amount: 'l.amount', person_id: 'c.person_id' },
      key: ['line_id'],
    },
  },
  dependsOn: ['budget', 'person'],
  yields: [
    {
      entity: 'budgetLine',
      fields: {
        id: id('line_id'),
        budgetId: reference('budget', 'budget_id'),
        personId: reference('person', 'person_id', { optional: true }),
        lineType: constant('GBL'),
        amountRappen: transform('amount', t.moneyRappen()),
        effectiveAmountRappen: transform('amount', t.moneyRappen()),
      },
    },
  ],
});

// A query source (SQL connectors only): one read-only SELECT, keyed by result columns.
export const budgetLinesByQuery = defineMapping({
  name: 'budget-line',
  version: '1.0.0',
  source: {
    query: `SELECT l.line_id, l.budget_id, l.amount, c.person_id
              FROM budget_line l JOIN budget b ON b.budget_id = l.budget_id LEFT JOIN fall c ON c.case_id = b.case_id`,
    key: ['line_id'],
  },
  dependsOn: ['budget', 'person'],
  yields: budgetLines.definition.yields,
});
