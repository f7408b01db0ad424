#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built from src/cli by `npm run build`, which `npm install` runs).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('casebridge: the CLI is not built (dist/cli/main.js is missing). Run `npm run build` (or `npm install`) in the casebridge folder first.');
  process.exitCode = 70;
} else {
  import(entry.href)
    .then((m) => m.main(process.argv))
    .catch((error) => {
      console.error(`error CB_INTERNAL: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 70;
    });
}
