/**
 * The run-chain ability of a canonical target (the SQL targets have it): recording the report files of
 * a sealed run and reading the ledger for `verifyRunChain`. Kept beside `CanonicalTarget` rather than in
 * it, so targets without a ledger (JSONL) need not know about it.
 */
import type { KeyObject } from 'node:crypto';
import type { CanonicalTarget, TargetQueryable } from '../pipeline/canonical-target.js';

/** One report file of a run: its name relative to the report folder (`/`-separated) and SHA-256 (hex). */
export interface ReportFileDigest {
  readonly name: string;
  readonly sha256: string;
}

/** A target whose ledger keeps the run chain. */
export interface RunChainTarget {
  /**
   * Records the report files written for a sealed run and signs its link with `signingKey`; false when
   * the run has no link (failed or dry run) or its files were recorded already.
   */
  recordRunFiles(runId: string, files: readonly ReportFileDigest[], signingKey?: KeyObject): Promise<boolean>;
  /** Read access to the target's store (for `verifyRunChain`); open the target first. */
  ledgerQueryable(): TargetQueryable;
}

/** Whether `target` keeps a run chain. */
export function hasRunChain(target: CanonicalTarget): target is CanonicalTarget & RunChainTarget {
  const t = target as Partial<RunChainTarget>;
  return typeof t.recordRunFiles === 'function' && typeof t.ledgerQueryable === 'function';
}
