/**
 * The report's `delivery` section: the delivery's accounting per entity (previous live + inserted −
 * deleted = live) and the tombstones it wrote, by canonical id. A delivery that does not balance fails.
 */
import type { DeliverySection } from '../pipeline/deliveries.js';
import { exitCodeFor } from '../pipeline/thresholds.js';
import type { RunReport } from './run-report.js';

/** Adds `section` to `report`; an unbalanced delivery turns the verdict to `failed` (reason `delivery-unbalanced`). */
export function attachDelivery(report: RunReport, section: DeliverySection): RunReport {
  if (section.balanced) return { ...report, delivery: section };
  const status = report.status === 'cancelled' ? report.status : 'failed';
  return {
    ...report,
    delivery: section,
    status,
    reasons: [...report.reasons, 'delivery-unbalanced'],
    exitCode: exitCodeFor({ status, unbalanced: report.unbalanced }),
  };
}
