/**
 * Bench-specific bulk generator for the "ledger" workload: persons, cases and client-accounting bookings
 * (KiSS-style tables) at the ratios (≈ 1 person : 1.2 cases : 40 bookings), written once as TSV
 * and bulk-loaded into MariaDB (`LOAD DATA LOCAL INFILE`) and PostgreSQL (`COPY`), so both sources hold
 * byte-identical data. Deterministic (a fixed LCG), synthetic names only, valid AHVN13 check digits,
 * and planted defects with known fates (see LEDGER_DEFECTS).
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import mysql from 'mysql2/promise';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

/** How often each planted defect occurs (every n-th row). */
export const LEDGER_DEFECTS = {
  /** Person flagged as test client → filtered `test-clients`; its cases and bookings dangle → `reference.missing`. */
  testPersonEvery: 20_011,
  /** Booking whose case does not exist → quarantined `reference.missing`. */
  orphanBookingEvery: 100_003,
  /** Booking with an unknown legacy type code → quarantined `mapping.code_unmapped`. */
  unknownTypeEvery: 50_021,
} as const;

/** MariaDB DDL of the source tables. */
export const LEDGER_MARIADB_DDL: readonly string[] = [
  `CREATE TABLE ba_person (ba_person_id INT PRIMARY KEY, name VARCHAR(100) NOT NULL, vorname VARCHAR(100) NOT NULL,
    versichertennummer CHAR(13) NULL, geburtsdatum DATE NULL, geschlecht_code CHAR(1) NULL, testfall TINYINT NOT NULL)`,
  `CREATE TABLE fa_fall (fa_fall_id INT PRIMARY KEY, ba_person_id INT NOT NULL, fallnummer VARCHAR(20) NOT NULL,
    gemeinde_bfs INT NOT NULL, eroeffnet DATE NOT NULL, abgeschlossen DATE NULL)`,
  `CREATE TABLE kb_buchung (kb_buchung_id BIGINT PRIMARY KEY, fa_fall_id INT NOT NULL, ba_person_id INT NOT NULL,
    buchungsdatum DATE NOT NULL, valuta DATE NULL, betrag DECIMAL(12,2) NOT NULL, buchungsart VARCHAR(4) NOT NULL,
    status CHAR(1) NOT NULL, konto_soll VARCHAR(10) NOT NULL, konto_haben VARCHAR(10) NOT NULL, periode CHAR(7) NOT NULL)`,
];

/** PostgreSQL DDL of the same tables (also the raw baseline's target tables). */
export const LEDGER_POSTGRES_DDL: readonly string[] = LEDGER_MARIADB_DDL.map((s) => s.replaceAll('TINYINT', 'SMALLINT'));

/** Source tables in load order. */
export const LEDGER_TABLES = ['ba_person', 'fa_fall', 'kb_buchung'] as const;

/** Row counts for `bookings` booking rows. */
export function ledgerCounts(bookings: number): Record<(typeof LEDGER_TABLES)[number], number> {
  const persons = Math.max(20, Math.round(bookings / 40));
  return { ba_person: persons, fa_fall: Math.round(persons * 1.2), kb_buchung: bookings };
}

const MUNICIPALITIES = [261, 351, 2701, 230, 1061, 3203, 371, 6621];
const TYPES = ['ZA', 'ZA', 'ZA', 'ZA', 'EZ', 'VS', 'RE', 'EI'];
const STATUS = ['B', 'B', 'B', 'F', 'O'];

/** A valid AHVN13 for a number (EAN-13 check digit). */
export function ahvn13(n: number): string {
  const body = `756${String(n).padStart(9, '0')}`;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return `${body}${(10 - (sum % 10)) % 10}`;
}

const DAY_MS = 86_400_000;
const EPOCH_2015 = Date.UTC(2015, 0, 1);
const DATES: string[] = Array.from({ length: 3653 + 400 }, (_, d) => new Date(EPOCH_2015 + d * DAY_MS).toISOString().slice(0, 10));

/** Park–Miller LCG: deterministic, fast, good enough for synthetic data. */
function lcg(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => (s = (s * 48271) % 2147483647);
}

async function writeTsv(file: string, rows: number, line: (i: number) => string): Promise<void> {
  const out = createWriteStream(file);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Writes the three TSV files into `dir`; returns their paths by table. */
export async function writeLedgerTsv(dir: string, bookings: number, seed = 42): Promise<Record<string, string>> {
  mkdirSync(dir, { recursive: true });
  const n = ledgerCounts(bookings);
  const rnd = lcg(seed);
  const files = Object.fromEntries(LEDGER_TABLES.map((t) => [t, path.join(dir, `${t}.tsv`)]));
  await writeTsv(files['ba_person']!, n.ba_person, (i) => {
    const birth = DATES[(i * 37) % 3650]!.replace(/^20(\d\d)/, (_m, y: string) => `19${String(40 + (Number(y) % 60)).padStart(2, '0')}`);
    return `${i}\tFamily${i}\tGiven${i}\t${ahvn13(i)}\t${birth}\t${1 + (i % 2)}\t${i % LEDGER_DEFECTS.testPersonEvery === 0 ? 1 : 0}\n`;
  });
  await writeTsv(files['fa_fall']!, n.fa_fall, (i) => {
    const opened = (i * 13) % 2000;
    const closed = i % 3 === 0 ? DATES[opened + 1500]! : '\\N';
    return `${i}\t${((i - 1) % n.ba_person) + 1}\tF-${i}\t${MUNICIPALITIES[i % MUNICIPALITIES.length]}\t${DATES[opened]}\t${closed}\n`;
  });
  await writeTsv(files['kb_buchung']!, n.kb_buchung, (i) => {
    const r = rnd();
    const orphan = i % LEDGER_DEFECTS.orphanBookingEvery === 0;
    const fall = orphan ? n.fa_fall + 1 + i : (r % n.fa_fall) + 1;
    const person = orphan ? 1 : ((fall - 1) % n.ba_person) + 1;
    // Within the case's first 1,500 days: the case is open (or not yet closed) on every booking date.
    const day = ((fall * 13) % 2000) + (r % 1500);
    const type = i % LEDGER_DEFECTS.unknownTypeEvery === 0 ? 'XX' : TYPES[r % 8]!;
    const sign = type === 'RE' || type === 'EI' ? '-' : '';
    const amount = `${sign}${(((r >>> 3) % 400_000) / 100) | 0}.${String((r >>> 5) % 100).padStart(2, '0')}`;
    const date = DATES[day]!;
    return `${i}\t${fall}\t${person}\t${date}\t${DATES[day + 2]}\t${amount}\t${type}\t${STATUS[r % 5]}\t3620.0${r % 9}\t1000.00\t${date.slice(0, 7)}\n`;
  });
  return files;
}

/** Creates the tables and bulk-loads the TSV files into a MariaDB database. */
export async function loadLedgerMariadb(url: string, files: Record<string, string>): Promise<void> {
  const conn = await mysql.createConnection({ uri: url, flags: ['+LOCAL_FILES'] });
  try {
    for (const ddl of LEDGER_MARIADB_DDL) await conn.query(ddl);
    for (const table of LEDGER_TABLES) {
      await conn.query({
        sql: `LOAD DATA LOCAL INFILE 'bench.tsv' INTO TABLE ${table} CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' LINES TERMINATED BY '\\n'`,
        infileStreamFactory: () => createReadStream(files[table]!),
      });
    }
    for (const table of LEDGER_TABLES) await conn.query(`ANALYZE TABLE ${table}`);
  } finally {
    await conn.end();
  }
}

/** Creates the tables and bulk-loads the TSV files into a PostgreSQL database. */
export async function loadLedgerPostgres(url: string, files: Record<string, string>): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const ddl of LEDGER_POSTGRES_DDL) await client.query(ddl);
    for (const table of LEDGER_TABLES) {
      await pipeline(createReadStream(files[table]!), client.query(copyStreams.from(`COPY ${table} FROM STDIN`)));
      await client.query(`ANALYZE ${table}`);
    }
  } finally {
    await client.end();
  }
}
