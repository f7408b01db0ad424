/**
 * Row-level security per commune in a PostgreSQL canton store. One group role per commune
 * (`<prefix>_commune_<bfs>`) and one canton role (`<prefix>_canton`); login roles of a social service are
 * granted the group role(s) of the communes it serves. Every canonical table, the ledger and the document
 * store get a policy: a row is visible and writable only when its commune is one of the communes the
 * current user is a member of, or the user is a member of the canton role. The commune comes from the
 * role, never from a session setting a client could change.
 *
 * Rows without a commune (loaded before the tenant key) are visible to the canton role only. Superusers
 * and the tables' owner (the role that applies migrations) are not subject to the policies.
 */
import { ConfigurationError } from '../../core/errors.js';
import { getModel } from '../../core/model/model-registry.js';
import { qualifiedTable, quoteIdentifier } from '../typeorm/store-identifiers.js';
import { STORE_SCHEMA } from '../typeorm/store-model.js';

/** Runs one statement (a pg client or pool's `query`). */
export type RowSecurityQuery = (sql: string, params?: readonly unknown[]) => Promise<{ rows: readonly Record<string, unknown>[] }>;

/** Options of {@link applyCommuneRowSecurity}. */
export interface CommuneRowSecurityOptions {
  /** Communes that get a group role now (more can be added by calling again). */
  readonly communes: readonly number[];
  /** Role name prefix (default `cb`): roles are `<prefix>_commune_<bfs>` and `<prefix>_canton`. */
  readonly rolePrefix?: string;
  /** Canonical tables (default: every table of the shipped model). */
  readonly tables?: readonly string[];
}

/** What was set up. */
export interface CommuneRowSecurity {
  /** Group role per commune. */
  readonly communeRoles: Readonly<Record<number, string>>;
  /** The role that sees every commune. */
  readonly cantonRole: string;
  /** Tables that now have a policy. */
  readonly tables: readonly string[];
}

const PREFIX = /^[a-z][a-z0-9_]{0,30}$/;
const POLICY = 'cb_commune_rows';

/** Name of the group role of `commune`. */
export function communeRoleName(commune: number, rolePrefix = 'cb'): string {
  return `${rolePrefix}_commune_${String(commune)}`;
}

/** Name of the canton role. */
export function cantonRoleName(rolePrefix = 'cb'): string {
  return `${rolePrefix}_canton`;
}

/**
 * Creates the roles, the visibility functions and the policies (idempotent; run as the store owner after
 * `ensureSchema`, and again after the document store was created or a commune was added).
 */
export async function applyCommuneRowSecurity(query: RowSecurityQuery, options: CommuneRowSecurityOptions): Promise<CommuneRowSecurity> {
  const prefix = options.rolePrefix ?? 'cb';
  if (!PREFIX.test(prefix)) throw new ConfigurationError('rolePrefix must be a lower-case identifier.', { details: { field: 'rolePrefix' } });
  for (const c of options.communes) {
    if (!Number.isInteger(c) || c < 1 || c > 9999)
      throw new ConfigurationError('A commune must be a BFS number.', { details: { field: 'communes', commune: c } });
  }
  const schema = quoteIdentifier(STORE_SCHEMA);
  const canton = cantonRoleName(prefix);
  const communeRoles: Record<number, string> = {};
  for (const role of [canton, ...options.communes.map((c) => communeRoleName(c, prefix))]) {
    await query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${role}') THEN CREATE ROLE ${quoteIdentifier(role)} NOLOGIN; END IF; END $$`,
    );
  }
  for (const c of options.communes) communeRoles[c] = communeRoleName(c, prefix);
  const visible = `${schema}.${quoteIdentifier(`${prefix}_visible_communes`)}`;
  const isCanton = `${schema}.${quoteIdentifier(`${prefix}_sees_canton`)}`;
  // The communes of the current user, from its role memberships (the policies read it through a sub-select, evaluated once per statement).
  await query(`CREATE OR REPLACE FUNCTION ${visible}() RETURNS integer[] LANGUAGE sql STABLE AS $f$
    SELECT coalesce(array_agg(substring(r.rolname FROM '^${prefix}_commune_([0-9]+)$')::integer), '{}')
      FROM pg_roles r WHERE r.rolname ~ '^${prefix}_commune_[0-9]+$' AND pg_has_role(current_user, r.oid, 'MEMBER') $f$`);
  await query(`CREATE OR REPLACE FUNCTION ${isCanton}() RETURNS boolean LANGUAGE sql STABLE AS $f$
    SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = '${canton}' AND pg_has_role(current_user, r.oid, 'MEMBER')) $f$`);
  const byCommune = (column: string): string => `(${column} IN (SELECT unnest(${visible}())) OR (SELECT ${isCanton}()))`;
  const canonical = (options.tables ?? getModel().entities.map((e) => e.table)).map((t) => qualifiedTable(STORE_SCHEMA, t));
  const policies: [string, string][] = canonical.map((t) => [t, byCommune('cb_commune')]);
  const ledger = (name: string): string => `${STORE_SCHEMA}.${name}`;
  policies.push([ledger('cb_run'), byCommune('commune')]);
  policies.push([ledger('cb_lineage'), byCommune('commune')]);
  // The delivery ledger is keyed by commune too (tombstones, what a run saw, high-water marks).
  policies.push([ledger('cb_tombstone'), byCommune('commune')]);
  policies.push([ledger('cb_run_seen'), byCommune('commune')]);
  policies.push([ledger('cb_high_water'), byCommune('commune')]);
  // The run chain: each commune's links (a commune's runs seal into its own chain).
  policies.push([ledger('cb_run_link'), byCommune('commune')]);
  // Rows keyed by run or document follow the visibility of their run or document (itself filtered).
  policies.push([ledger('cb_run_mapping'), `run_id IN (SELECT run_id FROM ${ledger('cb_run')})`]);
  policies.push([ledger('cb_quarantine'), `run_id IN (SELECT run_id FROM ${ledger('cb_run')})`]);
  // The run's lifecycle: its sessions, stage checkpoints and per-batch report detail; its record notes.
  for (const table of ['cb_run_session', 'cb_run_stage', 'cb_run_batch_detail', 'cb_record_note'])
    policies.push([ledger(table), `run_id IN (SELECT run_id FROM ${ledger('cb_run')})`]);
  // What runs overwrote (row images of the run's own commune) and the rollbacks of runs.
  policies.push([ledger('cb_run_history'), `run_id IN (SELECT run_id FROM ${ledger('cb_run')})`]);
  policies.push([ledger('cb_rollback'), byCommune('commune')]);
  const documentTable = qualifiedTable(STORE_SCHEMA, 'document');
  policies.push([ledger('cb_document'), `document_id IN (SELECT "id" FROM ${documentTable})`]);
  policies.push([ledger('cb_document_content'), `document_id IN (SELECT "id" FROM ${documentTable})`]);
  policies.push([ledger('cb_document_issue'), `run_id IN (SELECT run_id FROM ${ledger('cb_run')})`]);
  const roles = [canton, ...Object.values(communeRoles)].map(quoteIdentifier).join(', ');
  const done: string[] = [];
  for (const [table, expression] of policies) {
    const exists = await query('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
    if (exists.rows[0]?.['ok'] !== true) continue; // e.g. the document store before its first transfer
    await query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
    await query(`DROP POLICY IF EXISTS ${POLICY} ON ${table}`);
    await query(`CREATE POLICY ${POLICY} ON ${table} USING (${expression}) WITH CHECK (${expression})`);
    await query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${roles}`);
    done.push(table);
  }
  // The lineage dictionaries name entities, source systems/tables and mappings, no tenant's data: every
  // role reads and extends them; the lineage views are `security_invoker`, so cb_lineage's policy holds.
  for (const [table, privileges] of [
    [ledger('cb_lineage_source'), 'SELECT, INSERT'],
    [ledger('cb_lineage_mapping'), 'SELECT, INSERT'],
    [ledger('cb_lineage_view'), 'SELECT'],
    [ledger('cb_record_lineage'), 'SELECT'],
  ] as const) {
    const exists = await query('SELECT to_regclass($1) IS NOT NULL AS ok', [table]);
    if (exists.rows[0]?.['ok'] === true) await query(`GRANT ${privileges} ON ${table} TO ${roles}`);
  }
  await query(`GRANT USAGE ON SCHEMA ${schema} TO ${roles}`);
  await query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${schema} TO ${roles}`);
  await query(`GRANT EXECUTE ON FUNCTION ${visible}(), ${isCanton}() TO ${roles}`);
  return { communeRoles, cantonRole: canton, tables: done };
}
