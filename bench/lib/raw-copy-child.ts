/**
 * The raw baseline, run as its own process: a minimal Node copier of the workload's source tables from
 * MariaDB to PostgreSQL with no mapping at all — mysql2 `.stream()` → pg-copy-streams `COPY … FROM
 * STDIN` in 1,000-row chunks (mode `copy`), or multi-row INSERTs of 1,000 rows (mode `insert`). This is
 * the floor casebridge is measured against. Prints one JSON line.
 * Usage: tsx bench/lib/raw-copy-child.ts <copy|insert> <workload> <mariaUrl> <pgUrl>
 */
import mysql from 'mysql2';
import pg from 'pg';
import { processCpuSeconds } from './backend-cpu.js';
import copyStreams from 'pg-copy-streams';
import { once } from 'node:events';
import { escapeCopyText } from '../../src/targets/shared/copy-text.js';
import { workloadNamed } from './bench-workload.js';
import './profile-workload.js';

const CHUNK = 1000;

function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  // The one cleanup a copier cannot skip: MariaDB zero dates do not exist in PostgreSQL.
  if (typeof v === 'string') return v.startsWith('0000-00-00') ? '\\N' : escapeCopyText(v);
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  return String(v as number);
}

/** The table's columns as MariaDB lists them, double-quoted for PostgreSQL (names are mixed case). */
async function columnList(source: mysql.Connection, table: string): Promise<string> {
  const [, fields] = await source.promise().query(`SELECT * FROM \`${table}\` LIMIT 0`);
  return (fields as { name: string }[]).map((f) => `"${f.name}"`).join(', ');
}

async function copyTable(source: mysql.Connection, target: pg.Client, table: string): Promise<number> {
  const sink = target.query(copyStreams.from(`COPY "${table}" (${await columnList(source, table)}) FROM STDIN`));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  let rows = 0;
  let chunk = '';
  let inChunk = 0;
  for await (const row of source.query({ sql: `SELECT * FROM \`${table}\``, rowsAsArray: true }).stream({ highWaterMark: CHUNK }) as AsyncIterable<unknown[]>) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyValue(row[i]);
    chunk += `${line}\n`;
    rows += 1;
    if (++inChunk === CHUNK) {
      if (!sink.write(chunk)) await once(sink, 'drain');
      chunk = '';
      inChunk = 0;
    }
  }
  sink.end(chunk);
  await done;
  return rows;
}

async function insertTable(source: mysql.Connection, target: pg.Client, table: string): Promise<number> {
  const columns = await columnList(source, table);
  let rows = 0;
  let batch: unknown[][] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const width = batch[0]!.length;
    const values = batch.map((_, r) => `(${Array.from({ length: width }, (_x, c) => `$${r * width + c + 1}`).join(',')})`).join(',');
    await target.query(`INSERT INTO "${table}" (${columns}) VALUES ${values}`, batch.flat());
    batch = [];
  };
  await target.query('BEGIN');
  for await (const row of source.query({ sql: `SELECT * FROM \`${table}\``, rowsAsArray: true }).stream({ highWaterMark: CHUNK }) as AsyncIterable<unknown[]>) {
    batch.push(row.map((v) => (Buffer.isBuffer(v) ? `\\x${v.toString('hex')}` : typeof v === 'string' && v.startsWith('0000-00-00') ? null : v)));
    rows += 1;
    if (batch.length === CHUNK) await flush();
  }
  await flush();
  await target.query('COMMIT');
  return rows;
}

async function main(): Promise<void> {
  const [mode, workloadName, mariaUrl, pgUrl] = process.argv.slice(2) as [string, string, string, string];
  const workload = workloadNamed(workloadName);
  const source = mysql.createConnection({ uri: mariaUrl, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  await workload.createRawTarget(pgUrl);
  const target = new pg.Client({ connectionString: pgUrl });
  await target.connect();
  const started = performance.now();
  const perTable: Record<string, { rows: number; seconds: number }> = {};
  let rows = 0;
  for (const table of workload.tables) {
    const t0 = performance.now();
    const n = mode === 'insert' ? await insertTable(source, target, table) : await copyTable(source, target, table);
    perTable[table] = { rows: n, seconds: (performance.now() - t0) / 1000 };
    rows += n;
  }
  const seconds = (performance.now() - started) / 1000;
  source.end();
  const dbCpuSeconds = processCpuSeconds((target as unknown as { processID: number }).processID);
  await target.end();
  process.stdout.write(
    `${JSON.stringify({ mode, rows, seconds, perTable, selfPeakRssMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1e4) / 100, dbCpuSeconds })}\n`,
  );
}

await main();
