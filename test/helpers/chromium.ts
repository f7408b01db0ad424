/**
 * Headless Chromium for the browser tests (Debian's `chromium`, driven by playwright-core): where it is,
 * whether it is there, whether CI requires it, the flags that keep it offline and quiet, and where
 * screenshots go. A test without chromium skips loudly, and fails in CI (`CASEBRIDGE_REQUIRE_SERVICES=1`).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The chromium binary (override with `CASEBRIDGE_CHROMIUM`). */
export const CHROMIUM = process.env.CASEBRIDGE_CHROMIUM ?? '/usr/bin/chromium';
/** Chromium is installed. */
export const CHROMIUM_AVAILABLE = existsSync(CHROMIUM);
/** CI requires the browser tests to run (a missing chromium fails them instead of skipping). */
export const CHROMIUM_REQUIRED = process.env.CASEBRIDGE_REQUIRE_SERVICES === '1';
/** Launch flags: headless, no sandbox (root in CI), nothing that talks to the network by itself. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Folder of the tests' screenshots. */
export const SCREENSHOTS = path.resolve('test-output');

/** Warns loudly when a browser test will be skipped (chromium missing, not required). */
export function warnIfChromiumSkipped(test: string): void {
  if (!CHROMIUM_AVAILABLE && !CHROMIUM_REQUIRED)
    console.warn(`\n!!! SKIPPED ${test}: chromium not found at ${CHROMIUM}. Install it: apt-get install -y chromium !!!\n`);
}
