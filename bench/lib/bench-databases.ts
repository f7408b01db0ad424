/**
 * Scratch databases of one benchmark run on the local servers: a MariaDB source, a PostgreSQL source,
 * and one PostgreSQL database per measured loader, all named `cbbench_<run>_<role>` and dropped at the end
 * (unless `--keep`).
 */
import mysql from 'mysql2/promise';
import pg from 'pg';

/** Admin URLs (same variables as the test helpers). */
export const PG_ADMIN_URL = process.env.CASEBRIDGE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const MARIADB_ADMIN_URL = process.env.CASEBRIDGE_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/';

/** The URL of database `name` on the server of `admin`. */
export function databaseUrl(admin: string, name: string): string {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Creates (after dropping a leftover) a PostgreSQL database; returns its URL. */
export async function createPgDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return databaseUrl(PG_ADMIN_URL, name);
}

/** Drops a PostgreSQL database. */
export async function dropPgDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}

/** Creates (after dropping a leftover) a MariaDB database; returns its URL. */
export async function createMariaDatabase(name: string): Promise<string> {
  const admin = await mysql.createConnection(MARIADB_ADMIN_URL);
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
  } finally {
    await admin.end();
  }
  return databaseUrl(MARIADB_ADMIN_URL, name);
}

/** Drops a MariaDB database. */
export async function dropMariaDatabase(name: string): Promise<void> {
  const admin = await mysql.createConnection(MARIADB_ADMIN_URL);
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  } finally {
    await admin.end();
  }
}
