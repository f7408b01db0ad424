/**
 * The three statistics products straight from a canonical store, streaming the cases: the SHS delivery
 * files of a period, the KOKES extract of a year and the indicator table of a scope and period. These
 * are what the CLI (`casebridge stats …`) calls.
 */
import { IndicatorAccumulator, type IndicatorOptions, type IndicatorTable } from './indicators/indicator-accumulator.js';
import { buildKokesExtract, type KokesExtract, type KokesExtractOptions } from './kokes/build-kokes-extract.js';
import { writeShsDelivery, type ShsMonthManifest, type WriteShsDeliveryOptions } from './shs/write-shs-delivery.js';
import { readCaseBundles } from './store/read-case-bundles.js';
import { readAlbvAmounts, readKokesInputs } from './store/read-stats-records.js';
import type { StatsQueryable } from './store/stats-queryable.js';

/** Cases read per page by the store functions. */
const PAGE_SIZE = 500;

/** Writes the SHS delivery of the store's WSH/ALBV cases for the period. */
export async function writeShsDeliveryFromStore(db: StatsQueryable, options: WriteShsDeliveryOptions): Promise<ShsMonthManifest[]> {
  return writeShsDelivery(readCaseBundles(db, { pageSize: PAGE_SIZE }), options);
}

/** The KOKES extract of the store's KES measures for one year. */
export async function kokesExtractFromStore(db: StatsQueryable, options: KokesExtractOptions): Promise<KokesExtract> {
  const inputs = [];
  // One year's measures with birth year and sex are small next to the store; the extract groups them by KESB.
  for await (const input of readKokesInputs(db, options.year)) inputs.push(input);
  return buildKokesExtract(inputs, options);
}

/** The indicator table of the store for a scope and period (WSH and reimbursement cases, ALBV amounts). */
export async function indicatorsFromStore(db: StatsQueryable, options: IndicatorOptions): Promise<IndicatorTable> {
  const acc = new IndicatorAccumulator(options);
  for await (const bundle of readCaseBundles(db, { domains: ['WSH', 'REIMBURSEMENT'], pageSize: PAGE_SIZE })) acc.add(bundle);
  for (const amount of await readAlbvAmounts(db, options.period)) acc.addAlbv(amount);
  return acc.result();
}
