// What identifies one delivery-metrics export: its time and its counts. The worker side (the
// recorder) and the file side (the metrics-exported-once checker) both key lines this way.
import type { DeliveryMetrics } from '../../core/exports-replay';
import { canonicalJson } from '../../sim/canonicalJson';

export function metricsExportKey(exportedAtMs: number, metrics: DeliveryMetrics): string {
  return `${exportedAtMs} ${canonicalJson(metrics)}`;
}
