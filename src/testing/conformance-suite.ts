/**
 * `describeConnectorConformance`: the one function a connector vendor calls from a vitest file to prove
 * that a connector implements the SPI faithfully against the golden fixture.
 *
 * ```ts
 * import { describeConnectorConformance } from 'casebridge/testing';
 * describeConnectorConformance({
 *   name: 'mysql',
 *   setup: async (fixture) => ({ connector, cleanup }),
 *   badCredentials: () => ({ connector: wrongPasswordConnector, secret: 'wrong-password' }),
 *   expectations: { cases: ['zero-date', 'unsigned-bigint'] },
 * });
 * ```
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { ConformanceContext } from './conformance-context.js';
import { introspectionChecks, orderingChecks, resumeChecks, typeFidelityChecks } from './conformance-data-checks.js';
import { badCredentialsChecks, cancellationChecks, controlTotalChecks, missingTableChecks } from './conformance-failure-checks.js';
import { joinChecks, queryChecks } from './conformance-join-checks.js';
import type { ConformanceCheck, ConformanceOptions } from './conformance-options.js';
import { buildConformanceFixture } from './fixtures/golden-fixture.js';

const GROUPS: readonly [ConformanceCheck, string, (ctx: ConformanceContext) => void][] = [
  ['introspection', 'introspection', introspectionChecks],
  ['type-fidelity', 'type fidelity', typeFidelityChecks],
  ['ordering', 'stable ordering', orderingChecks],
  ['resume', 'resume from a checkpoint', resumeChecks],
  ['cancellation', 'cancellation', cancellationChecks],
  ['missing-table', 'missing table', missingTableChecks],
  ['bad-credentials', 'bad credentials', badCredentialsChecks],
  ['control-totals', 'capabilities and control totals', controlTotalChecks],
  ['joins', 'join sources', joinChecks],
  ['queries', 'query sources', queryChecks],
];

/** Registers the whole conformance suite for one connector as a vitest `describe` block. */
export function describeConnectorConformance(options: ConformanceOptions): void {
  const fixture = buildConformanceFixture(options.expectations?.cases ?? []);
  const timeout = options.timeoutMs ?? 60_000;
  describe(`connector conformance: ${options.name}`, { timeout }, () => {
    const ctx = new ConformanceContext(options, fixture);
    beforeAll(() => ctx.start(), timeout);
    afterAll(() => ctx.stop(), timeout);
    for (const [check, title, register] of GROUPS) {
      const reason = options.expectations?.skip?.[check];
      if (reason === undefined) describe(title, () => register(ctx));
      else describe.skip(`${title} [skipped: ${reason}]`, () => register(ctx));
    }
  });
}
