// `npm run check:api` / `npm run api:update`: an API report (api/<entry>.api.md, written by
// @microsoft/api-extractor from the built .d.ts files) for every entry point of package.json `exports`.
// The check fails when the exported surface of an entry differs from its committed report, so every change
// of the public API shows up in review as a diff of api/. `--update` rewrites the reports instead.
// Needs a build (`npm run build`) first: it reads dist/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Extractor, ExtractorConfig, ExtractorLogLevel, ExtractorMessageCategory, type ExtractorMessage } from '@microsoft/api-extractor';

/** One entry point: the report's base name and the built declaration file it describes. */
export interface ApiEntry {
  readonly reportName: string;
  readonly declarationFile: string;
}

/** The outcome of checking (or updating) the reports of a project. */
export interface ApiCheckResult {
  /** Report base names whose committed report differs from the exported surface (empty when up to date). */
  readonly changed: readonly string[];
  /** Errors api-extractor reported (unresolvable declarations and the like), as `report: text`. */
  readonly errors: readonly string[];
}

/** The entry points of a package.json `exports` map whose targets have types. */
export function apiEntries(projectFolder: string): ApiEntry[] {
  const pkg = JSON.parse(readFileSync(path.join(projectFolder, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { types?: string }>;
  };
  const entries: ApiEntry[] = [];
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string' || target.types === undefined) continue;
    const reportName = key === '.' ? pkg.name : `${pkg.name}-${key.slice(2).replaceAll('/', '-')}`;
    entries.push({ reportName, declarationFile: path.join(projectFolder, target.types) });
  }
  return entries;
}

/** Checks (or with `update` rewrites) the API report in `<projectFolder>/api/` of every entry point. */
export function checkApiReports(projectFolder: string, options: { readonly update?: boolean; readonly log?: (line: string) => void } = {}): ApiCheckResult {
  const tempFolder = mkdtempSync(path.join(tmpdir(), 'casebridge-api-'));
  const changed: string[] = [];
  const errors: string[] = [];
  if (options.update === true) mkdirSync(path.join(projectFolder, 'api'), { recursive: true });
  try {
    for (const entry of apiEntries(projectFolder)) {
      const config = ExtractorConfig.prepare({
        configObject: {
          projectFolder,
          mainEntryPointFilePath: entry.declarationFile,
          compiler: {
            // The .d.ts files alone, not the project's tsconfig (which includes src/ and test/): fast, and
            // exactly what a user of the package compiles against.
            overrideTsconfig: {
              compilerOptions: {
                target: 'ES2022',
                lib: ['ES2023'],
                module: 'NodeNext',
                moduleResolution: 'NodeNext',
                strict: true,
                skipLibCheck: true,
                types: ['node'],
              },
              files: [entry.declarationFile],
            },
          },
          apiReport: { enabled: true, reportFileName: entry.reportName, reportFolder: path.join(projectFolder, 'api'), reportTempFolder: tempFolder },
          docModel: { enabled: false },
          dtsRollup: { enabled: false },
          tsdocMetadata: { enabled: false },
          messages: {
            compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
            extractorMessageReporting: {
              default: { logLevel: ExtractorLogLevel.Warning },
              // No release tags (@public/@beta): what an entry exports is public, everything else is not exported.
              'ae-missing-release-tag': { logLevel: ExtractorLogLevel.None },
              // A type that appears in a signature but is exported from another entry point (one name, one
              // entry) or not at all: the report marks it, which is what a reviewer needs to see.
              'ae-forgotten-export': { logLevel: ExtractorLogLevel.None, addToApiReportFile: true },
              'ae-unresolved-link': { logLevel: ExtractorLogLevel.None },
              // Doc coverage of exported symbols is TypeDoc's check (`npm run docs:api`), not this one.
              'ae-undocumented': { logLevel: ExtractorLogLevel.None },
            },
            tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
          },
        },
        configObjectFullPath: undefined,
        packageJsonFullPath: path.join(projectFolder, 'package.json'),
      });
      const result = Extractor.invoke(config, {
        localBuild: options.update === true,
        messageCallback: (message: ExtractorMessage) => {
          // Console messages (report created, report changed) are outcomes, read from the result below.
          const problem =
            message.category === ExtractorMessageCategory.Console
              ? message.logLevel === ExtractorLogLevel.Error
              : message.logLevel === ExtractorLogLevel.Error || message.logLevel === ExtractorLogLevel.Warning;
          if (problem) errors.push(`${entry.reportName}: ${message.text}`);
          message.handled = true;
        },
      });
      if (result.apiReportChanged && options.update !== true) changed.push(entry.reportName);
      options.log?.(`${entry.reportName}: ${result.apiReportChanged ? (options.update === true ? 'updated' : 'CHANGED') : 'unchanged'}`);
    }
  } finally {
    rmSync(tempFolder, { recursive: true, force: true });
  }
  return { changed, errors };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const update = process.argv.includes('--update');
  const { changed, errors } = checkApiReports(root, { update, log: (line) => console.log(line) });
  for (const e of errors) console.error(`error: ${e}`);
  if (changed.length > 0) {
    console.error(`\nThe public API changed in: ${changed.join(', ')}.\nReview the change, then run \`npm run api:update\` and commit api/ with it.`);
  }
  process.exit(changed.length > 0 || errors.length > 0 ? 1 : 0);
}
