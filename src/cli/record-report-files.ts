/**
 * After a real run's report files are written: records their names and SHA-256 in the run's chain link
 * (and signs it), so that `casebridge verify` notices an edited file. Only the per-run copies under
 * `runs/` are recorded: the latest copies (`run-report.json`, ...) are overwritten by the next run.
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { CanonicalTarget } from '../core/pipeline/canonical-target.js';
import type { RunReport } from '../core/report/run-report.js';
import { hasRunChain, type ReportFileDigest } from '../core/trust/run-chain-target.js';
import type { ReportFormat } from './config/cli-config.js';
import { reportStem } from './write-run-reports.js';

/** The per-run report files of `report` that exist in `dir`, with their SHA-256, names relative to `dir`. */
export async function reportFileDigests(
  report: RunReport,
  dir: string,
  formats: readonly ReportFormat[] = ['json', 'html', 'md'],
): Promise<ReportFileDigest[]> {
  const stem = reportStem(report);
  const names = [...formats.map((f) => `runs/${stem}.${f}`), `runs/${stem}.quarantine.csv`];
  const files: ReportFileDigest[] = [];
  for (const name of names) {
    const file = path.join(dir, ...name.split('/'));
    if (!existsSync(file)) continue;
    files.push({
      name,
      sha256: createHash('sha256')
        .update(await readFile(file))
        .digest('hex'),
    });
  }
  return files;
}

/** Records the report files of a finished real run in its chain link; false when the target keeps no chain or the run has no link. */
export async function recordReportFiles(
  target: CanonicalTarget,
  report: RunReport,
  dir: string,
  formats: readonly ReportFormat[] | undefined,
  signingKey: KeyObject | undefined,
): Promise<boolean> {
  if (!hasRunChain(target)) return false;
  return target.recordRunFiles(report.runId, await reportFileDigests(report, dir, formats), signingKey);
}
