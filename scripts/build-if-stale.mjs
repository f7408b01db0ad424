// `npm prepare`: builds dist/ with tsc unless it is already newer than every source file.
// Why: npm 11 runs the root package's `prepare` again the first time `npx casebridge` is used in a
// checkout (it links the project as its own bin), which rebuilt everything just after `npm install`
// and added ~45 s to the first `npx casebridge demo`. Plain Node (no tsx): it runs before anything else.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

// An installed package (tarball or registry) ships dist/ but neither src/ nor the compiler: nothing to build.
if (!existsSync(path.join(root, 'src')) || !existsSync(path.join(root, 'tsconfig.build.json'))) {
  process.exit(0);
}

/** Newest modification time (ms) of the files that make up the build. */
function newestInput() {
  let newest = 0;
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else newest = Math.max(newest, statSync(full).mtimeMs);
    }
  };
  visit(path.join(root, 'src'));
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) newest = Math.max(newest, statSync(path.join(root, f)).mtimeMs);
  return newest;
}

if (
  process.argv.includes('--force') ||
  !existsSync(stamp) ||
  !existsSync(path.join(root, 'dist', 'cli', 'main.js')) ||
  statSync(stamp).mtimeMs < newestInput()
) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
} else {
  console.log('casebridge: dist/ is up to date, build skipped (npm run build forces it).');
}
