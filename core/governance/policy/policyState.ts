// P3.29 persisted policy state (spec B §1.1): the active policy, the last stable one, and when
// each changed. A state with no timestamps is "virgin": the caller's fallback policy replaces it.
import { DEFAULT_REPLAY_POLICY, type ReplayPolicy } from '../../replay/types';
import { child, parseObject, readObject, readOptionalI64, compactJson, type JsonSource } from '../codec/jsonFields';
import { replayPolicyFromJson, replayPolicyJson } from '../codec/replayCodec';

export interface ReplayPolicyState {
  readonly activePolicy: ReplayPolicy;
  readonly lastStablePolicy: ReplayPolicy;
  readonly lastPolicyUpdateAtMs: number | null;
  readonly lastStableAtMs: number | null;
  readonly lastRollbackAtMs: number | null;
}

export const defaultReplayPolicyState = (): ReplayPolicyState => ({
  activePolicy: { ...DEFAULT_REPLAY_POLICY },
  lastStablePolicy: { ...DEFAULT_REPLAY_POLICY },
  lastPolicyUpdateAtMs: null,
  lastStableAtMs: null,
  lastRollbackAtMs: null,
});

export const isVirginPolicyState = (s: ReplayPolicyState): boolean =>
  s.lastPolicyUpdateAtMs === null && s.lastStableAtMs === null && s.lastRollbackAtMs === null;

/** Spec B §1.5 step 4: a virgin state takes the fallback as both active and stable (in memory). */
export const withVirginFallback = (s: ReplayPolicyState, fallback: ReplayPolicy): ReplayPolicyState =>
  isVirginPolicyState(s) ? { ...s, activePolicy: { ...fallback }, lastStablePolicy: { ...fallback } } : s;

export const policyStateJson = (s: ReplayPolicyState): string =>
  JSON.stringify(
    compactJson([
      ['active_policy', replayPolicyJson(s.activePolicy)],
      ['last_stable_policy', replayPolicyJson(s.lastStablePolicy)],
      ['last_policy_update_at_ms', s.lastPolicyUpdateAtMs],
      ['last_stable_at_ms', s.lastStableAtMs],
      ['last_rollback_at_ms', s.lastRollbackAtMs],
    ]),
  );

export function policyStateFromObject(o: Readonly<Record<string, unknown>>, src: JsonSource): ReplayPolicyState {
  return {
    activePolicy: replayPolicyFromJson(readObject(o, 'active_policy', src), child(src, 'active_policy')),
    lastStablePolicy: replayPolicyFromJson(readObject(o, 'last_stable_policy', src), child(src, 'last_stable_policy')),
    lastPolicyUpdateAtMs: readOptionalI64(o, 'last_policy_update_at_ms', src),
    lastStableAtMs: readOptionalI64(o, 'last_stable_at_ms', src),
    lastRollbackAtMs: readOptionalI64(o, 'last_rollback_at_ms', src),
  };
}

export const policyStateFromJson = (text: string, file: string): ReplayPolicyState =>
  policyStateFromObject(parseObject(text, file), { file, at: '' });
