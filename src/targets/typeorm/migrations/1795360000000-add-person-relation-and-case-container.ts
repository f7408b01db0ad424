/**
 * Migration 3 of the canonical store: the person relations (KiSS BaPersonRelation, eCH-0021 relation
 * types) and the case container (KiSS FaFall, the dossier above the cases), plus the case's optional
 * reference to its container. Additive: existing rows keep every value, their `case_container_id` is
 * NULL. Frozen: the statements are written out, not derived from the model, so that a later model
 * change cannot alter what this migration did; `LATER_MODEL_ADDITIONS` tells the generator of
 * migration 1 what to leave out.
 */
import { FrozenSqlMigration } from './canonical-migration.js';

/** What this migration adds to the model: whole tables, and columns of existing tables. */
export const PERSON_RELATION_AND_CASE_CONTAINER_ADDITIONS = Object.freeze({
  tables: Object.freeze(['person_relation', 'case_container']),
  columns: Object.freeze({ case: Object.freeze(['case_container_id']) }) as Readonly<Record<string, readonly string[]>>,
});

const up = [
  `CREATE TABLE "casebridge"."person_relation" (
  "id" uuid NOT NULL,
  "person_id" uuid NOT NULL,
  "related_person_id" uuid NOT NULL,
  "relation_type" varchar(50) NOT NULL,
  "source_relation_code" varchar(50),
  "valid_from" date,
  "valid_to" date,
  "lineage" jsonb,
  "content_hash" text NOT NULL,
  "run_id" uuid NOT NULL,
  "loaded_at" timestamptz NOT NULL DEFAULT now(),
  "cb_commune" integer,
  "cb_source_system" text,
  CONSTRAINT "pk_person_relation" PRIMARY KEY ("id")
)`,
  `CREATE INDEX "ix_person_relation__person_id" ON "casebridge"."person_relation" ("person_id")`,
  `CREATE INDEX "ix_person_relation__related_person_id" ON "casebridge"."person_relation" ("related_person_id")`,
  `CREATE TABLE "casebridge"."case_container" (
  "id" uuid NOT NULL,
  "person_id" uuid NOT NULL,
  "responsible_service_id" uuid,
  "municipality_bfs_number" integer NOT NULL,
  "dossier_number" varchar(50),
  "opened_on" date NOT NULL,
  "closed_on" date,
  "lineage" jsonb,
  "content_hash" text NOT NULL,
  "run_id" uuid NOT NULL,
  "loaded_at" timestamptz NOT NULL DEFAULT now(),
  "cb_commune" integer,
  "cb_source_system" text,
  CONSTRAINT "pk_case_container" PRIMARY KEY ("id")
)`,
  `CREATE INDEX "ix_case_container__person_id" ON "casebridge"."case_container" ("person_id")`,
  `CREATE INDEX "ix_case_container__responsible_service_id" ON "casebridge"."case_container" ("responsible_service_id") WHERE "responsible_service_id" IS NOT NULL`,
  `ALTER TABLE "casebridge"."case" ADD COLUMN "case_container_id" uuid`,
  `CREATE INDEX "ix_case__case_container_id" ON "casebridge"."case" ("case_container_id") WHERE "case_container_id" IS NOT NULL`,
];

const down = [
  `DROP INDEX "casebridge"."ix_case__case_container_id"`,
  `ALTER TABLE "casebridge"."case" DROP COLUMN "case_container_id"`,
  `DROP TABLE "casebridge"."case_container"`,
  `DROP TABLE "casebridge"."person_relation"`,
];

/** Adds `person_relation`, `case_container` and `case.case_container_id`. */
export class AddPersonRelationAndCaseContainer1795360000000 extends FrozenSqlMigration {
  readonly name = 'AddPersonRelationAndCaseContainer1795360000000';
  readonly timestamp = 1795360000000;
  readonly upStatements: readonly string[] = Object.freeze(up);
  readonly downStatements: readonly string[] = Object.freeze(down);
}
