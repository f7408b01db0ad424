/**
 * Real test databases. Each test file creates its own uniquely named database and drops it afterwards.
 *
 * When a server is down, tests that need it are skipped with a loud warning; with
 * CASEBRIDGE_REQUIRE_SERVICES=1 (set by .ci/run) a missing server fails the run instead, so CI never goes
 * green without the real databases.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { describe, it } from 'vitest';

/** Where the local servers are (overridable for unusual setups). */
export const PG_ADMIN_URL = process.env.CASEBRIDGE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** MariaDB/MySQL admin connection (root, empty password on developer and CI machines). */
export const MARIADB_ADMIN_URL = process.env.CASEBRIDGE_MARIADB_URL ?? 'mysql://root@127.0.0.1:3306/';

const required = process.env.CASEBRIDGE_REQUIRE_SERVICES === '1';

function portOpen(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const cache = new Map<string, Promise<boolean>>();

/** True when the named server answers on its port. */
export function serviceAvailable(service: 'postgres' | 'mariadb'): Promise<boolean> {
  let p = cache.get(service);
  if (!p) {
    const url = new URL(service === 'postgres' ? PG_ADMIN_URL : MARIADB_ADMIN_URL);
    p = portOpen(url.hostname, Number(url.port || (service === 'postgres' ? 5432 : 3306)));
    cache.set(service, p);
  }
  return p;
}

/**
 * `describe` for a block that needs a server. When the server is down: a loud skip, or a failing test
 * under CASEBRIDGE_REQUIRE_SERVICES=1.
 */
export async function describeWithService(service: 'postgres' | 'mariadb', name: string, body: () => void): Promise<void> {
  if (await serviceAvailable(service)) {
    describe(name, body);
    return;
  }
  if (required) {
    describe(name, () => {
      it(`needs ${service}, which is not reachable (CASEBRIDGE_REQUIRE_SERVICES=1)`, () => {
        throw new Error(`${service} is required in CI but is not reachable; start it as the README says.`);
      });
    });
    return;
  }
  console.warn(`\n!!! SKIPPED "${name}": ${service} is not reachable. Start it as the README says. !!!\n`);
  describe.skipIf(true)(`${name} [SKIPPED: ${service} not reachable]`, body);
}

/** A unique database name for this test process. */
export function uniqueDatabaseName(prefix = 'cbtest'): string {
  return `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** A fresh PostgreSQL database; `drop()` removes it. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates a uniquely named PostgreSQL database on the local server. */
export async function createPostgresDatabase(prefix?: string): Promise<TestDatabase> {
  const { default: pg } = await import('pg');
  const name = uniqueDatabaseName(prefix);
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Creates a uniquely named MariaDB database on the local server. */
export async function createMariaDatabase(prefix?: string): Promise<TestDatabase> {
  const mysql = await import('mysql2/promise');
  const name = uniqueDatabaseName(prefix);
  const admin = await mysql.createConnection(MARIADB_ADMIN_URL);
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  const url = new URL(MARIADB_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    async drop() {
      const c = await mysql.createConnection(MARIADB_ADMIN_URL);
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}
