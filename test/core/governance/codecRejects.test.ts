// Decoding part B's store files (spec B §0.4): a malformed value is a SerdeError that names the
// file and the field path inside it, never a guess and never a TypeError; absent optional fields
// read as null, null fields are left out when encoding.
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../core/common/errors';
import {
  asObject,
  child,
  compactJson,
  parseObject,
  readArray,
  readBool,
  readEnum,
  readI64,
  readI64Value,
  readObject,
  readOptionalI64,
  readString,
  readUsize,
  readUsizeValue,
  readWithDefault,
} from '../../../core/governance/codec/jsonFields';
import {
  alertStateFromJson,
  commitIntentFromJson,
  commitIntentJson,
  drillScheduleStateFromJson,
  governanceStateFromJson,
  policyStateFromJson,
  type GovernanceCommitIntent,
} from '../../../core/exports-governance';
import { govAudit, policy, unstable } from './support/fixtures';

const F = '/data/f.json';
const top = { file: F, at: '' };
const nested = { file: F, at: 'outer' };

/** Runs `fn` and returns its SerdeError (fails the test on any other outcome). */
function serdeError(fn: () => unknown): SerdeError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(SerdeError);
    return e as SerdeError;
  }
  throw new Error('expected a SerdeError');
}

const rejects = (fn: () => unknown, message: string, file = F): void => {
  const e = serdeError(fn);
  expect(e.message).toBe(message);
  expect(e.path).toBe(file);
};

describe('field readers name the file and the field path', () => {
  it('a child path is the field at the top and dotted below it', () => {
    expect(child(top, 'a')).toEqual({ file: F, at: 'a' });
    expect(child(nested, 'a')).toEqual({ file: F, at: 'outer.a' });
  });

  it.each([
    ['a number', 5],
    ['a string', 'x'],
    ['null', null],
    ['an array', [1]],
    ['a boolean', true],
  ])('asObject rejects %s', (_, value) => {
    rejects(() => asObject(value, nested), `cannot decode ${F}: outer is not a JSON object`);
  });

  it('asObject accepts a plain object as it is', () => {
    const o = { a: 1 };
    expect(asObject(o, nested)).toBe(o);
  });

  it('a document that is not an object is reported as <document>', () => {
    rejects(() => parseObject('[1,2]', F), `cannot decode ${F}: <document> is not a JSON object`);
    rejects(() => parseObject('7', F), `cannot decode ${F}: <document> is not a JSON object`);
    expect(parseObject('{"a":1}', F)).toEqual({ a: 1 });
  });

  it('a missing required field is reported as missing', () => {
    rejects(() => readUsize({}, 'count', nested), `cannot decode ${F}: outer.count is missing`);
    rejects(() => readI64({}, 'at', top), `cannot decode ${F}: at is missing`);
    rejects(() => readBool({}, 'flag', nested), `cannot decode ${F}: outer.flag is missing`);
    rejects(() => readString({}, 'name', nested), `cannot decode ${F}: outer.name is missing`);
    rejects(() => readObject({}, 'inner', nested), `cannot decode ${F}: outer.inner is missing`);
    rejects(() => readArray({}, 'items', nested), `cannot decode ${F}: outer.items is missing`);
  });

  it.each([['a string', '3'], ['a fraction', 1.5], ['a negative', -1], ['beyond 2^53', 2 ** 53], ['null', null]])(
    'usize rejects %s',
    (_, value) => {
      rejects(() => readUsizeValue(value, nested), `cannot decode ${F}: outer is not an unsigned integer`);
      rejects(() => readUsize({ n: value }, 'n', nested), `cannot decode ${F}: outer.n is not an unsigned integer`);
    },
  );

  it('usize accepts zero and the largest safe integer', () => {
    expect(readUsizeValue(0, nested)).toBe(0);
    expect(readUsize({ n: Number.MAX_SAFE_INTEGER }, 'n', nested)).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([['a string', '3'], ['a fraction', -1.5], ['beyond 2^53', -(2 ** 53)], ['a boolean', false]])(
    'i64 rejects %s',
    (_, value) => {
      rejects(() => readI64Value(value, nested), `cannot decode ${F}: outer is not an integer`);
    },
  );

  it('i64 accepts negative integers', () => {
    expect(readI64Value(-5, nested)).toBe(-5);
    expect(readI64({ t: -7 }, 't', top)).toBe(-7);
  });

  it('booleans and strings must have their JSON type', () => {
    rejects(() => readBool({ b: 'true' }, 'b', nested), `cannot decode ${F}: outer.b is not a boolean`);
    rejects(() => readBool({ b: 0 }, 'b', nested), `cannot decode ${F}: outer.b is not a boolean`);
    expect(readBool({ b: false }, 'b', nested)).toBe(false);
    rejects(() => readString({ s: 5 }, 's', nested), `cannot decode ${F}: outer.s is not a string`);
    expect(readString({ s: '' }, 's', nested)).toBe('');
  });

  it('an optional i64 reads absent and null as null, anything else must be an integer', () => {
    expect(readOptionalI64({}, 't', top)).toBeNull();
    expect(readOptionalI64({ t: null }, 't', top)).toBeNull();
    expect(readOptionalI64({ t: 0 }, 't', top)).toBe(0);
    rejects(() => readOptionalI64({ t: 'x' }, 't', nested), `cannot decode ${F}: outer.t is not an integer`);
  });

  it('a defaulted field takes the default only when absent (null is a bad value)', () => {
    expect(readWithDefault({}, 'n', 9, readUsizeValue, top)).toBe(9);
    expect(readWithDefault({ n: 2 }, 'n', 9, readUsizeValue, top)).toBe(2);
    rejects(() => readWithDefault({ n: null }, 'n', 9, readUsizeValue, nested), `cannot decode ${F}: outer.n is not an unsigned integer`);
  });

  it.each([['a non-string', 3], ['an unknown name', 'c'], ['null', null]])('an enum rejects %s and lists the allowed names', (_, value) => {
    rejects(() => readEnum(value, ['a', 'b'] as const, nested), `cannot decode ${F}: outer is not one of a, b`);
  });

  it('an enum accepts an allowed name', () => {
    expect(readEnum('b', ['a', 'b'] as const, nested)).toBe('b');
  });

  it('an array field must be an array', () => {
    rejects(() => readArray({ xs: { 0: 1 } }, 'xs', nested), `cannot decode ${F}: outer.xs is not an array`);
    expect(readArray({ xs: [1, 2] }, 'xs', nested)).toEqual([1, 2]);
  });

  it('readObject checks the field is an object and names it', () => {
    rejects(() => readObject({ o: [] }, 'o', nested), `cannot decode ${F}: outer.o is not a JSON object`);
    expect(readObject({ o: { k: 1 } }, 'o', nested)).toEqual({ k: 1 });
  });

  it('compact JSON leaves out null and undefined but keeps falsy values, in the given order', () => {
    const out = compactJson([
      ['z', 0],
      ['a', null],
      ['b', undefined],
      ['c', false],
      ['d', ''],
    ]);
    expect(JSON.stringify(out)).toBe('{"z":0,"c":false,"d":""}');
    expect(Object.keys(out)).toEqual(['z', 'c', 'd']);
  });
});

describe('each state document names the bad field from its top level', () => {
  const P = '{"max_replay_per_run":4,"max_retry_limit_exceeded_streak":2}';
  it.each([
    ['policy state, rollback time', () => policyStateFromJson(`{"active_policy":${P},"last_stable_policy":${P},"last_rollback_at_ms":"x"}`, F), 'last_rollback_at_ms is not an integer'],
    ['policy state, stable policy field', () => policyStateFromJson(`{"active_policy":${P},"last_stable_policy":{"max_replay_per_run":4}}`, F), 'last_stable_policy.max_retry_limit_exceeded_streak is missing'],
    ['policy state, active policy', () => policyStateFromJson(`{"active_policy":3,"last_stable_policy":${P}}`, F), 'active_policy is not a JSON object'],
    ['alert state', () => alertStateFromJson('{"last_alert_at_ms":1.5}', F), 'last_alert_at_ms is not an integer'],
    ['drill schedule', () => drillScheduleStateFromJson('{"last_drill_at_ms":true}', F), 'last_drill_at_ms is not an integer'],
    ['governance state, level', () => governanceStateFromJson('{"last_level":"panic"}', F), 'last_level is not one of normal, stable, emergency'],
    ['governance state, streak', () => governanceStateFromJson('{"rollback_streak":-1}', F), 'rollback_streak is not an unsigned integer'],
    ['governance state, level time', () => governanceStateFromJson('{"last_level_updated_at_ms":"1"}', F), 'last_level_updated_at_ms is not an integer'],
  ])('%s', (_, decode, what) => {
    rejects(decode, `cannot decode ${F}: ${what}`);
  });

  it('the defaults of a governance state fill absent fields', () => {
    expect(governanceStateFromJson('{}', F)).toEqual({ rollbackStreak: 0, lastLevel: 'normal', lastLevelUpdatedAtMs: null });
  });
});

describe('a commit intent file (hardened) decodes back or names the bad part', () => {
  const alert = {
    worldId: 'w1', nodeId: 'node-a', detectedAtMs: 1200, severity: 'critical' as const, code: 'dead_letter_replay_policy_rollback_anomaly',
    message: 'm', drained: 0, diverged: 0, rejected: 0,
  };
  const adoption = {
    worldId: 'w1', nodeId: 'node-a', auditedAtMs: 1200, decision: 'rolled_back_to_stable' as const, recommendedPolicy: policy(8, 1),
    appliedPolicy: policy(4, 2), stablePolicy: policy(4, 2), backlogDeadLetters: 1, backlogPending: 0,
    metrics: { attempted: 10, succeeded: 2, failed: 6, deferred: 0, buffered: 2, droppedCapacity: 0, droppedRetryLimit: 2, deadLettered: 4 },
    rollbackTriggered: true,
  };
  const full: GovernanceCommitIntent = {
    phase: 'await_alert',
    plannedAtMs: 1200,
    policyState: unstable(1200),
    adoptionAudit: { base: 3, record: adoption },
    alert,
    alertState: { lastAlertAtMs: 1200 },
    alertStateWithoutAlert: { lastAlertAtMs: null },
    governanceState: { rollbackStreak: 2, lastLevel: 'stable', lastLevelUpdatedAtMs: 1200 },
    governanceAudit: { base: 5, record: { ...govAudit(1200, 'stable', 2), alertEmitted: true } },
  };
  const json = (): Record<string, unknown> => JSON.parse(commitIntentJson(full)) as Record<string, unknown>;
  const text = (o: Record<string, unknown>): string => JSON.stringify(o);

  it('round-trips every part', () => {
    expect(commitIntentFromJson(commitIntentJson(full), F)).toEqual(full);
  });

  it('reads absent optional parts (and an absent alert) as null', () => {
    const o = json();
    for (const k of ['adoption_audit', 'alert', 'alert_state', 'alert_state_without_alert', 'governance_state', 'governance_audit']) delete o[k];
    expect(commitIntentFromJson(text(o), F)).toEqual({
      ...full, adoptionAudit: null, alert: null, alertState: null, alertStateWithoutAlert: null, governanceState: null, governanceAudit: null,
    });
  });

  it.each([
    ['an unknown phase', (o: Record<string, unknown>) => ({ ...o, phase: 'done' }), 'phase is not one of await_alert, apply'],
    ['no planned time', (o: Record<string, unknown>) => ({ ...o, planned_at_ms: undefined }), 'planned_at_ms is missing'],
    ['a policy state that is not an object', (o: Record<string, unknown>) => ({ ...o, policy_state: 1 }), 'policy_state is not a JSON object'],
    ['a bad policy inside the policy state', (o: Record<string, unknown>) => ({ ...o, policy_state: { ...(o['policy_state'] as object), last_stable_policy: {} } }), 'policy_state.last_stable_policy.max_replay_per_run is missing'],
    ['an adoption append without a record', (o: Record<string, unknown>) => ({ ...o, adoption_audit: { base: 1 } }), 'adoption_audit.record is not a JSON object'],
    ['an adoption append that is not an object', (o: Record<string, unknown>) => ({ ...o, adoption_audit: 'x' }), 'adoption_audit is not a JSON object'],
    ['a bad adoption record field', (o: Record<string, unknown>) => ({ ...o, adoption_audit: { base: 1, record: { ...(o['adoption_audit'] as { record: object }).record, decision: 'kept' } } }), 'adoption_audit.record.decision is not one of adopted, rolled_back_to_stable'],
    ['a bad archive record field', (o: Record<string, unknown>) => ({ ...o, governance_audit: { base: 1, record: { ...(o['governance_audit'] as { record: object }).record, governance_level: 'x' } } }), 'governance_audit.record.governance_level is not one of normal, stable, emergency'],
    ['an archive append with a negative base', (o: Record<string, unknown>) => ({ ...o, governance_audit: { ...(o['governance_audit'] as object), base: -1 } }), 'governance_audit.base is not an unsigned integer'],
    ['a bad alert state', (o: Record<string, unknown>) => ({ ...o, alert_state: { last_alert_at_ms: 'x' } }), 'alert_state.last_alert_at_ms is not an integer'],
    ['a bad governance state', (o: Record<string, unknown>) => ({ ...o, governance_state: { last_level: 1 } }), 'governance_state.last_level is not one of normal, stable, emergency'],
  ])('rejects %s', (_, change, what) => {
    rejects(() => commitIntentFromJson(text(change(json())), F), `cannot decode ${F}: ${what}`);
  });

  it('a bad alert names the intent file and its alert', () => {
    const e = serdeError(() => commitIntentFromJson(text({ ...json(), alert: { world_id: 'w1' } }), F));
    expect(e.message).toContain(`${F} (alert)`);
  });
});
