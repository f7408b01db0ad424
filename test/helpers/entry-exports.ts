/**
 * The public entry points of the package (from package.json `exports`) and the names each exports, read
 * with the TypeScript checker from the source entry files, types and values alike.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One entry point: its import specifier and the source file that `dist/` is built from. */
export interface EntryPoint {
  readonly specifier: string;
  readonly source: string;
}

/** One exported name and whether it exists at run time (a class, function or constant) or only as a type. */
export interface ExportedName {
  readonly name: string;
  readonly value: boolean;
  /** The file that declares it, relative to the project root. */
  readonly declaredIn: string;
}

/** Every code entry point of package.json `exports` (not `./package.json` nor the schema files). */
export function entryPoints(root = process.cwd()): EntryPoint[] {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, string | { types: string; default: string }>;
  };
  const out: EntryPoint[] = [];
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string') continue;
    const source = target.default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
    out.push({ specifier: key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`, source });
  }
  return out;
}

/** The names each source entry file exports, keyed by that file. */
export function exportsOf(files: readonly string[], root = process.cwd()): Map<string, ExportedName[]> {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
  if (parsed === undefined) throw new Error('tsconfig.build.json could not be read');
  const program = ts.createProgram(
    files.map((f) => path.resolve(root, f)),
    { ...parsed.options, noEmit: true },
  );
  const checker = program.getTypeChecker();
  const result = new Map<string, ExportedName[]>();
  for (const file of files) {
    const sf = program.getSourceFile(path.resolve(root, file));
    const moduleSymbol = sf === undefined ? undefined : checker.getSymbolAtLocation(sf);
    if (moduleSymbol === undefined || sf === undefined) throw new Error(`${file} is not a module`);
    // `export type * from` re-exports the module's symbols themselves (no alias to inspect): collect them.
    const typeOnlyStar = new Set<string>();
    for (const statement of sf.statements) {
      if (!ts.isExportDeclaration(statement) || !statement.isTypeOnly || statement.exportClause !== undefined || statement.moduleSpecifier === undefined)
        continue;
      const target = checker.getSymbolAtLocation(statement.moduleSpecifier);
      if (target !== undefined) for (const s of checker.getExportsOfModule(target)) typeOnlyStar.add(s.name);
    }
    result.set(
      file,
      checker.getExportsOfModule(moduleSymbol).map((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        const declaration = target.declarations?.[0];
        return {
          name: symbol.name,
          value: (target.flags & ts.SymbolFlags.Value) !== 0 && !typeOnlyStar.has(symbol.name) && !isTypeOnlyExport(checker, symbol),
          declaredIn: declaration === undefined ? '' : path.relative(root, declaration.getSourceFile().fileName),
        };
      }),
    );
  }
  return result;
}

/** True when the export chain of the name passes through an `export type`. */
function isTypeOnlyExport(checker: ts.TypeChecker, symbol: ts.Symbol): boolean {
  let current: ts.Symbol | undefined = symbol;
  while (current !== undefined && current.flags & ts.SymbolFlags.Alias) {
    if (current.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d))) return true;
    const next = checker.getImmediateAliasedSymbol(current);
    if (next === current) break;
    current = next;
  }
  return false;
}
