/**
 * Code generation from the canonical model: `npm run generate` writes the outputs of every generator in
 * `scripts/generators/`; `npm run check:generated` (`--check`) writes nothing and exits 1 listing stale
 * files. Add an output by adding a generator to `GENERATORS` in scripts/generators/index.ts.
 */
import { fileURLToPath } from 'node:url';
import { generateAll } from './generators/index.js';

const check = process.argv.includes('--check');
const root = fileURLToPath(new URL('..', import.meta.url));
const result = await generateAll(root, { check });
if (check) {
  const stale = [...result.changed, ...result.deleted];
  if (stale.length > 0) {
    process.stderr.write(`Generated files are stale; run \`npm run generate\`:\n${stale.map((f) => `  ${f}`).join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write(`Generated files are fresh (${result.unchanged.length} files).\n`);
  }
} else {
  for (const file of result.changed) process.stdout.write(`wrote   ${file}\n`);
  for (const file of result.deleted) process.stdout.write(`deleted ${file}\n`);
  process.stdout.write(`${result.changed.length} written, ${result.deleted.length} deleted, ${result.unchanged.length} unchanged.\n`);
}
