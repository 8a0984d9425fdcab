// Invariant `store-integrity`: every part-A store file on the store host decodes the way its store
// reads it (the core's decoders, the profile's JSONL rule). In `original` a JSONL append is two
// writes; anything that separates them — a failed second write, a crash, or another append landing
// in between — glues two records onto one line, and from then on every `list` of that file fails
// (spec A §14.17, B 8.1.2, C D4). `hardened` appends in one fsynced write and drops a torn tail.
// Liveness `pipeline-progress`: after the heal phase every target's replay runs complete again
// (a torn file or a stuck lease would make them fail forever).
import type { Finding, Invariant } from '../registry';
import type { PipelineState, PipelineWorld } from '../pipeline/world';

export const STORE_INTEGRITY = 'store-integrity';
export const PIPELINE_PROGRESS = 'pipeline-progress';

export function checkStoreIntegrity(w: PipelineWorld): Finding | null {
  const bad = w.view().files.find((f) => f.error !== null);
  if (bad === undefined) return null;
  return {
    node: w.options.storeHost,
    message: `${bad.kind} file ${bad.path} no longer decodes: ${bad.error}`,
    evidence: { file: bad },
  };
}

export const storeIntegrity: Invariant<PipelineState> = {
  name: STORE_INTEGRITY,
  kind: 'safety',
  when: 'step',
  check: ({ state }) => checkStoreIntegrity(state.pipeline),
};

/** Replay runs that must have completed after the heal phase settled, per target. */
export function checkPipelineProgress(w: PipelineWorld, settleMs: number): Finding | null {
  const heal = w.runtime.healAtMs;
  if (heal === null) return null;
  const from = heal + settleMs;
  if (from >= w.options.endMs) return null;
  for (const target of w.options.targets) {
    const runs = w.ledger.runs.filter((r) => r.kind === 'replay' && r.target === target && r.timeMs >= from);
    if (runs.some((r) => r.ok)) continue;
    const lastError = runs.length > 0 ? runs[runs.length - 1].error : null;
    return {
      node: target,
      message: `no replay run of ${target} completed after ${from} ms (${runs.length} failed${lastError ? `, last: ${lastError}` : ''}): the pipeline is stuck`,
      evidence: { target, from, failed: runs.slice(-5) },
    };
  }
  return null;
}

export function pipelineProgress(settleMs: number): Invariant<PipelineState> {
  return { name: PIPELINE_PROGRESS, kind: 'liveness', when: 'end', check: ({ state }) => checkPipelineProgress(state.pipeline, settleMs) };
}
