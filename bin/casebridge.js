#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built from src/cli).
import('../dist/cli/main.js').then((m) => m.main(process.argv)).catch((error) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 70;
});
