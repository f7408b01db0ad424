/**
 * The options of deletion detection, in a leaf module of their own: the migration definition names them
 * and the delivery code reads them, so neither has to import the other (no import cycle).
 */

/** How deletions are detected and guarded (`MigrationOptions.deletions`). */
export interface DeletionOptions {
  /** Tombstone records a full snapshot no longer holds (default true). */
  readonly detect?: boolean;
  /** Largest share of an entity's live records one delivery may delete (default 0.25). */
  readonly maxShare?: number;
  /** Deletions up to this count always pass the guard, whatever the share (default 5). */
  readonly minCount?: number;
}
