/**
 * Map and validate alone, on the relational profile's DSL mappings: reads every mapping's rows of a
 * generated MariaDB source into memory once, then runs each row through `mapping.map` (with the engine's
 * UUIDv5 id function) and every record through the shipped validator, and reports the CPU time of this
 * process per source row for each part, plus one id on its own (a booking row computes five). No target,
 * no hashing, no lineage: only what compiling the mappings and the validation change. CPU time, not wall
 * time, because the machine is shared.
 * Usage: npx tsx bench/map-validate.ts [bookings=100000] [repetitions=3] [mysql://…/existing_source]
 */
import os from 'node:os';
import { createMysqlConnector } from '../src/connectors/mysql/index.js';
import type { SourceRow } from '../src/core/connector/source-value.js';
import { canonicalId } from '../src/core/pipeline/identity.js';
import type { MapResult, SourceMapping } from '../src/core/pipeline/source-mapping.js';
import { generateRelationalSource, relationalProfile } from '../src/profiles/relational/index.js';
import { recordIssues } from '../src/validators/validate-record.js';
import { createMariaDatabase, dropMariaDatabase } from './lib/bench-databases.js';

const bookings = Number(process.argv[2] ?? 100_000);
const repetitions = Number(process.argv[3] ?? 3);
const given = process.argv[4];
/** Bookings per person in the relational plan (as the bench workload). */
const BOOKINGS_PER_PERSON = 9;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function readAll(url: string): Promise<{ mapping: SourceMapping; rows: SourceRow[] }[]> {
  const connector = createMysqlConnector({ name: 'relational', connectionString: url });
  const driver = connector.createDriver();
  await driver.init();
  try {
    const reader = connector.createReader(driver);
    const out: { mapping: SourceMapping; rows: SourceRow[] }[] = [];
    for (const mapping of relationalProfile.mappings() as readonly SourceMapping[]) {
      const rows: SourceRow[] = [];
      const { columns, keyColumns, table, join, query } = mapping.source;
      const request = {
        table,
        batchSize: 2000,
        ...(columns === undefined ? {} : { columns }),
        ...(keyColumns === undefined ? {} : { keyColumns }),
        ...(join === undefined ? {} : { join }),
        ...(query === undefined ? {} : { query }),
      };
      for await (const batch of reader.read(request)) rows.push(...batch.rows);
      out.push({ mapping, rows });
    }
    return out;
  } finally {
    await driver.destroy();
  }
}

async function main(): Promise<void> {
  const scratch = `cbbench_mv_${process.pid}`;
  const url = given ?? (await createMariaDatabase(scratch));
  try {
    if (given === undefined)
      await generateRelationalSource({ dialect: 'mariadb', connection: url, persons: Math.max(50, Math.round(bookings / BOOKINGS_PER_PERSON)) });
    const data = await readAll(url);
    const rows = data.reduce((n, d) => n + d.rows.length, 0);
    const idOf = (entity: string, ...key: readonly (string | number | bigint)[]): string => canonicalId('bench|351|relational', entity, ...key);
    console.log(`relational source: ${rows.toLocaleString('en-US')} rows, load average ${os.loadavg()[0]?.toFixed(1)}`);
    for (let rep = 0; rep < repetitions; rep += 1) {
      let mapMs = 0;
      let validateMs = 0;
      let records = 0;
      let issues = 0;
      for (const { mapping, rows: mappingRows } of data) {
        const started = cpuMs();
        const results: MapResult[] = [];
        for (const [i, row] of mappingRows.entries()) results.push(mapping.map(row, { sourceSystem: 'relational', recordRef: `r${i}`, id: idOf }));
        const mapped = cpuMs();
        for (const result of results)
          for (const draft of result.records) {
            records += 1;
            issues += recordIssues(draft.entity, draft.record).length;
          }
        mapMs += mapped - started;
        validateMs += cpuMs() - mapped;
      }
      const idStarted = cpuMs();
      for (let i = 0; i < rows; i += 1) idOf('booking', i);
      const idMs = cpuMs() - idStarted;
      const perRow = (ms: number): string => ((1000 * ms) / rows).toFixed(2);
      console.log(
        `run ${rep + 1}: map ${perRow(mapMs)} µs/row, validate ${perRow(validateMs)} µs/row (${records.toLocaleString('en-US')} records, ${issues} issues), one id ${perRow(idMs)} µs`,
      );
    }
  } finally {
    if (given === undefined) await dropMariaDatabase(scratch);
  }
}

await main();
process.exit(0);
