/** The option that moves map / validate / hash into worker threads (a leaf module: the definition's options import it). */

/** `MigrationOptions.workers`: map, validate and hash in worker threads. */
export interface MapWorkerOptions {
  /** Worker threads (0: everything in the main thread, as without the option). */
  readonly count: number;
  /**
   * The module each worker imports: a `file:` URL, an absolute or working-directory-relative path
   * (`.js`, or `.ts` when tsx is installed), or a package specifier.
   */
  readonly module: string | URL;
  /** The module's export to use (default `default`): the setup or a function returning it (see `MapWorkerExport`). */
  readonly export?: string;
}
