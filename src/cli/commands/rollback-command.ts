/**
 * `casebridge rollback <runId>`: undo a run in the target named by the config (PostgreSQL or PGlite):
 * rows the run inserted go, rows it updated or deleted come back as they were before it, and the ledger
 * records the rollback. `--dry-run` prints what would be removed and restored per entity and changes
 * nothing. A refusal (a later run stands, the run is running or rolled back already) exits with 4 and
 * says why in the chosen language.
 */
import type { Command } from 'commander';
import { ConfigurationError, isCasebridgeError, ERROR_CODES } from '../../core/errors.js';
import { errorCodeTextIn } from '../../core/error-code-translations.js';
import type { ReportLanguage } from '../../core/report/i18n/report-language.js';
import { reportMessages } from '../../core/report/i18n/report-messages.js';
import { rollbackRun } from '../../targets/shared/rollback-run.js';
import type { RollbackResult } from '../../targets/shared/run-rollback-sql.js';
import { cliContext, globalFlags, noteLine, printJson, printLine } from '../cli-context.js';
import { buildMigration } from '../config/build-migration.js';
import { loadConfig } from '../config/load-config.js';
import { LANG_OPTION_HELP, parseLang, reportLanguageFor } from '../lang-option.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The console lines of a rollback (counts only), in `lang`. */
export function rollbackLines(result: RollbackResult, lang: ReportLanguage): string[] {
  const m = reportMessages(lang);
  const lines = [m.consoleRollback(result.dryRun, result.runId)];
  for (const e of result.entities) {
    lines.push(`  ${m.consoleRollbackEntity(e.entity, String(e.removed), String(e.restored), String(e.undeleted), String(e.redeleted))}`);
  }
  for (const key of ['lineage', 'highWaterMarks', 'documents'] as const) {
    const counts = result[key];
    if (counts.removed + counts.restored > 0) lines.push(`  ${m.consoleRollbackRows(m.rollbackRows[key], String(counts.removed), String(counts.restored))}`);
  }
  if (lines.length === 1) lines.push(`  ${m.consoleRollbackNothing}`);
  return lines;
}

/** Registers `rollback`. */
export function registerRollbackCommand(program: Command): void {
  program
    .command('rollback')
    .description('undo a run in the target: remove what it inserted, restore what it updated or deleted; refused while a later run stands')
    .argument('<runId>', 'the run to undo (as in the run report)')
    .option('-c, --config <file>', 'config file naming the target (default: casebridge.config.* in the working directory)')
    .option('--dry-run', 'change nothing; print what would be removed and restored per entity')
    .option('--actor <id>', 'who rolls back, for the ledger entry: a role or an operator id, never a name')
    .option('--lang <lang>', LANG_OPTION_HELP, parseLang)
    .action(async (runId: string, opts: { config?: string; dryRun?: boolean; actor?: string; lang?: ReportLanguage }, command: Command) => {
      const { io } = cliContext(command);
      if (!UUID.test(runId)) throw new ConfigurationError('rollback: the run id must be a UUID, as in the run report.', { details: { argument: 'runId' } });
      const loaded = await loadConfig(opts.config, io.cwd);
      const lang = reportLanguageFor(opts.lang, loaded.config.lang, io.env);
      const target = (await buildMigration(loaded, io.env)).definition.target;
      let result: RollbackResult;
      await target.open();
      try {
        await target.ensureSchema();
        result = await rollbackRun(target, runId, {
          ...(opts.dryRun === true ? { dryRun: true } : {}),
          ...(opts.actor !== undefined ? { actor: opts.actor } : {}),
        });
      } catch (error) {
        // The refusal in the operator's language; the error line with its code follows.
        const text = isCasebridgeError(error, ERROR_CODES.ROLLBACK_REFUSED) && !globalFlags(command).json ? errorCodeTextIn(error.code, lang) : undefined;
        if (text !== undefined) noteLine(command, `${text.meaning} ${text.remedy}`);
        throw error;
      } finally {
        await target.close();
      }
      if (globalFlags(command).json) printJson(command, { ok: true, ...result });
      else for (const line of rollbackLines(result, lang)) printLine(command, line);
    });
}
