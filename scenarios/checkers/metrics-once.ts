// Invariant `metrics-exported-once`: a target's delivery-metrics file holds each export at most as
// often as workers asked for it. The adaptive and guarded entries (spec A §10–11) turn the last
// `metrics_lookback` lines into failure ratios, so a line appended twice (a duplicated append
// request; the append is neither fenced nor idempotent in the spec) double-counts a run and skews
// every later policy. Lines are matched by `metricsExportKey` (time and counts); a line no worker
// exported at all is reported too. Losing a line (A §14.16, a crash between release and export)
// is not checked here.
import {
  decodeMetricsLine,
  METRICS_SUFFIX,
  pairFilePath,
} from '../../core/exports-replay';
import { jsonLines, parseJson } from '../../core/common/storeFiles';
import { metricsExportKey } from '../pipeline/metricsKey';
import type { PipelineState, PipelineWorld } from '../pipeline/world';
import type { Finding, Invariant } from '../registry';

export const METRICS_EXPORTED_ONCE = 'metrics-exported-once';

function countBy<T>(items: readonly T[], key: (t: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of items) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
  return m;
}

/** Keys of the lines in `text`, or null if a line does not decode (store-integrity's business). */
function lineKeys(text: string, path: string, w: PipelineWorld): string[] | null {
  try {
    return jsonLines(text, w.profile).map((line) => {
      const l = decodeMetricsLine(parseJson(line, path), path);
      return metricsExportKey(l.exportedAtMs, l.metrics);
    });
  } catch {
    return null;
  }
}

export function checkMetricsExportedOnce(w: PipelineWorld, files: ReadonlyMap<string, string>): Finding | null {
  const o = w.options;
  for (const target of o.targets) {
    const path = pairFilePath(o.storeRoot, w.profile, o.worldId, target, METRICS_SUFFIX);
    const text = files.get(path);
    if (text === undefined) continue;
    const keys = lineKeys(text, path, w);
    if (keys === null) continue;
    const exports = w.ledger.metricsExports.filter((e) => e.nodeId === target);
    const asked = countBy(exports, (e) => e.key);
    for (const [key, times] of countBy(keys, (k) => k)) {
      const wanted = asked.get(key) ?? 0;
      if (times <= wanted) continue;
      const calls = exports.filter((e) => e.key === key);
      return {
        node: o.storeHost,
        message: wanted === 0
          ? `metrics file ${path} holds a line no worker exported: ${key}`
          : `metrics file ${path} holds the export ${key} ${times} times, but ${target}'s runs exported it ${wanted === 1 ? 'once' : `${wanted} times`} (first asked at step ${calls[0].step}): the run is double-counted in every adaptive ratio that reads it`,
        evidence: { path, key, times, exported: calls },
      };
    }
  }
  return null;
}

// Checked after every step, but only recomputed when an export was asked or a file changed.
const memo = new WeakMap<PipelineWorld, { exports: number; texts: ReadonlyMap<string, string>; result: Finding | null }>();

function sameTexts(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [path, text] of a) if (b.get(path) !== text) return false;
  return true;
}

export const metricsExportedOnce: Invariant<PipelineState> = {
  name: METRICS_EXPORTED_ONCE,
  kind: 'safety',
  when: 'step',
  check: ({ state }) => {
    const w = state.pipeline;
    const texts = w.view().texts;
    const last = memo.get(w);
    if (last !== undefined && last.exports === w.ledger.metricsExports.length && sameTexts(last.texts, texts)) return last.result;
    const result = checkMetricsExportedOnce(w, texts);
    memo.set(w, { exports: w.ledger.metricsExports.length, texts, result });
    return result;
  },
};
