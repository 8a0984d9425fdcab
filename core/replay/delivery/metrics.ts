// Delivery metrics arithmetic (spec A §4): saturating sums over the last lines by position.
import { idiv, satAdd, satMul } from '../../common/saturating';
import { ZERO_DELIVERY_METRICS, type DeliveryMetrics, type DeliveryMetricsLine } from '../types';

/** Field-by-field saturating sum. */
export function addMetrics(a: DeliveryMetrics, b: DeliveryMetrics): DeliveryMetrics {
  return {
    attempted: satAdd(a.attempted, b.attempted),
    succeeded: satAdd(a.succeeded, b.succeeded),
    failed: satAdd(a.failed, b.failed),
    deferred: satAdd(a.deferred, b.deferred),
    buffered: satAdd(a.buffered, b.buffered),
    droppedCapacity: satAdd(a.droppedCapacity, b.droppedCapacity),
    droppedRetryLimit: satAdd(a.droppedRetryLimit, b.droppedRetryLimit),
    deadLettered: satAdd(a.deadLettered, b.deadLettered),
  };
}

/**
 * `aggregate_recent_delivery_metrics`: the last `lookback` lines in stored (append) order, not
 * sorted by time, summed with saturation. An empty input gives all zeros.
 */
export function aggregateRecentMetrics(lines: readonly DeliveryMetricsLine[], lookback: number): DeliveryMetrics {
  const start = Math.max(0, lines.length - lookback);
  let sum = ZERO_DELIVERY_METRICS;
  for (let i = start; i < lines.length; i += 1) sum = addMetrics(sum, lines[i].metrics);
  return sum;
}

/** `ratio_per_mille`: 0 when `den == 0`, else `floor(satMul(num, 1000) / den)`. */
export function ratioPerMille(num: number, den: number): number {
  return den === 0 ? 0 : idiv(satMul(num, 1000), den);
}
