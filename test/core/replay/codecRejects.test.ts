// Part A's record decoders (spec A §0 "JSON", §2.1, §3, §4, §5, §9.1): every malformed document or
// field gives a SerdeError whose message names the file (or document), the field and what is
// wrong with it; optional fields take the spec's read defaults when absent or null.
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../core/common/errors';
import { expectArray, FieldReader } from '../../../core/replay/codec/fields';
import {
  decodeAlert,
  decodeDeadLetter,
  decodeLease,
  decodeMetricsLine,
  decodePending,
  decodeReplayPolicy,
  decodeReplayState,
  encodeAlert,
  encodeDeadLetter,
  encodeMetricsLine,
  encodePending,
} from '../../../core/replay/codec/records';
import { alertAt, DL, metrics, R } from './support/fixtures';

const FILE = '/data/replay/w1.node-a.revocation-alert-dead-letter.jsonl line 3';

/** Runs `decode` and returns the SerdeError it threw (failing the test if it did not). */
function serdeErrorOf(decode: () => unknown): SerdeError {
  try {
    decode();
  } catch (e) {
    expect(e).toBeInstanceOf(SerdeError);
    return e as SerdeError;
  }
  throw new Error('expected a SerdeError, but the input decoded');
}

const ALERT = encodeAlert(alertAt(7));
const alert = (fields: Record<string, unknown>) => ({ ...ALERT, ...fields });
const pending = (fields: Record<string, unknown>) => ({ alert: ALERT, attempt: 2, next_retry_at_ms: 9, ...fields });
const deadLetter = (fields: Record<string, unknown>) => ({ ...encodeDeadLetter(DL(R, 2, 7)), ...fields });
const metricsLine = (fields: Record<string, unknown>) => ({ ...encodeMetricsLine({ exportedAtMs: 5, metrics: metrics({ attempted: 1 }) }), ...fields });

const at = (where: string, why: string) => `cannot decode ${where}: ${why}`;
const field = (where: string, key: string, what: string) => at(where, `field ${key} ${what}`);

type Decoder = (value: unknown, where: string) => unknown;

const REJECTED: ReadonlyArray<[string, Decoder, unknown, string]> = [
  ['an alert that is a number', decodeAlert, 5, at(FILE, 'expected an object')],
  ['an alert that is a string', decodeAlert, 'x', at(FILE, 'expected an object')],
  ['an alert that is null', decodeAlert, null, at(FILE, 'expected an object')],
  ['an alert that is an array', decodeAlert, [ALERT], at(FILE, 'expected an object')],
  ['an alert without world_id', decodeAlert, alert({ world_id: undefined }), field(FILE, 'world_id', 'must be a string')],
  ['an alert with a numeric node_id', decodeAlert, alert({ node_id: 3 }), field(FILE, 'node_id', 'must be a string')],
  ['an alert without detected_at_ms', decodeAlert, alert({ detected_at_ms: undefined }), field(FILE, 'detected_at_ms', 'must be an integer')],
  ['an alert with a string detected_at_ms', decodeAlert, alert({ detected_at_ms: '7' }), field(FILE, 'detected_at_ms', 'must be an integer')],
  ['an alert with a fractional detected_at_ms', decodeAlert, alert({ detected_at_ms: 7.5 }), field(FILE, 'detected_at_ms', 'must be an integer')],
  ['an alert with an unsafe integer detected_at_ms', decodeAlert, alert({ detected_at_ms: 2 ** 60 }), field(FILE, 'detected_at_ms', 'must be an integer')],
  ['an alert with an unknown severity', decodeAlert, alert({ severity: 'info' }), field(FILE, 'severity', 'must be one of warn, critical')],
  ['an alert with a numeric severity', decodeAlert, alert({ severity: 1 }), field(FILE, 'severity', 'must be a string')],
  ['an alert with a negative drained count', decodeAlert, alert({ drained: -1 }), field(FILE, 'drained', 'must be non-negative')],
  ['a pending alert without alert', decodePending, pending({ alert: undefined }), field(FILE, 'alert', 'is missing')],
  ['a pending alert whose alert is a number', decodePending, pending({ alert: 4 }), at(`${FILE} (alert)`, 'expected an object')],
  ['a pending alert whose alert lacks code', decodePending, pending({ alert: alert({ code: undefined }) }), field(`${FILE} (alert)`, 'code', 'must be a string')],
  ['a pending alert with a null attempt', decodePending, pending({ attempt: null }), field(FILE, 'attempt', 'must be an integer')],
  ['a pending alert with a negative attempt', decodePending, pending({ attempt: -1 }), field(FILE, 'attempt', 'must be non-negative')],
  ['a pending alert with a numeric last_error', decodePending, pending({ last_error: 3 }), field(FILE, 'last_error', 'must be a string or null')],
  ['a dead letter with an unknown reason', decodeDeadLetter, deadLetter({ reason: 'expired' }), field(FILE, 'reason', 'must be one of retry_limit_exceeded, capacity_evicted')],
  ['a dead letter without pending_alert', decodeDeadLetter, deadLetter({ pending_alert: undefined }), field(FILE, 'pending_alert', 'is missing')],
  [
    'a dead letter whose nested alert is bad',
    decodeDeadLetter,
    deadLetter({ pending_alert: pending({ alert: alert({ rejected: 'x' }) }) }),
    field(`${FILE} (pending_alert) (alert)`, 'rejected', 'must be an integer'),
  ],
  ['a metrics line without metrics', decodeMetricsLine, metricsLine({ metrics: undefined }), field(FILE, 'metrics', 'is missing')],
  ['a metrics line missing a counter', decodeMetricsLine, metricsLine({ metrics: { attempted: 1 } }), field(`${FILE} (metrics)`, 'succeeded', 'must be an integer')],
  ['a lease without holder_node_id', decodeLease, { expires_at_ms: 5 }, field(FILE, 'holder_node_id', 'must be a string')],
  ['a replay state with a string last_replay_at_ms', decodeReplayState, { last_replay_at_ms: 'x' }, field(FILE, 'last_replay_at_ms', 'must be an integer')],
  ['a replay state with a string prefer_capacity_evicted', decodeReplayState, { prefer_capacity_evicted: 'yes' }, field(FILE, 'prefer_capacity_evicted', 'must be a boolean')],
  ['a replay state with a null prefer_capacity_evicted', decodeReplayState, { prefer_capacity_evicted: null }, field(FILE, 'prefer_capacity_evicted', 'must be a boolean')],
  ['a replay policy without max_replay_per_run', decodeReplayPolicy, { max_retry_limit_exceeded_streak: 2 }, field(FILE, 'max_replay_per_run', 'must be an integer')],
  [
    'a replay policy with a negative streak',
    decodeReplayPolicy,
    { max_replay_per_run: 2, max_retry_limit_exceeded_streak: -2 },
    field(FILE, 'max_retry_limit_exceeded_streak', 'must be non-negative'),
  ],
  ['a replay policy that is an array', decodeReplayPolicy, [2, 2], at(FILE, 'expected an object')],
];

describe('record decoders reject malformed input with a SerdeError naming the file and the field', () => {
  it.each(REJECTED)('%s', (_name, decode, value, message) => {
    const e = serdeErrorOf(() => decode(value, FILE));
    expect(e.message).toBe(message);
    expect(e.path).toContain(FILE);
  });
});

describe('record decoders apply the read defaults of the spec', () => {
  it('a pending alert: attempt and next_retry_at_ms default to 0, last_error absent or null is null', () => {
    const expected = { alert: alertAt(7), attempt: 0, nextRetryAtMs: 0, lastError: null };
    expect(decodePending({ alert: ALERT }, FILE)).toEqual(expected);
    expect(decodePending({ alert: ALERT, last_error: null }, FILE)).toEqual(expected);
    expect(decodePending(pending({ last_error: 'Io("x")' }), FILE)).toEqual({ ...expected, attempt: 2, nextRetryAtMs: 9, lastError: 'Io("x")' });
  });

  it('a pending alert round-trips through its encoding', () => {
    const p = { alert: alertAt(3), attempt: 4, nextRetryAtMs: -2, lastError: 'e' };
    expect(decodePending(encodePending(p), FILE)).toEqual(p);
  });

  it('a replay state: {} is {last null, prefer false}; null time is null; present values are kept', () => {
    expect(decodeReplayState({}, FILE)).toEqual({ lastReplayAtMs: null, preferCapacityEvicted: false });
    expect(decodeReplayState({ last_replay_at_ms: null }, FILE)).toEqual({ lastReplayAtMs: null, preferCapacityEvicted: false });
    expect(decodeReplayState({ last_replay_at_ms: -4, prefer_capacity_evicted: true }, FILE)).toEqual({
      lastReplayAtMs: -4,
      preferCapacityEvicted: true,
    });
  });

  it('a replay policy decodes both counts', () => {
    expect(decodeReplayPolicy({ max_replay_per_run: 3, max_retry_limit_exceeded_streak: 0 }, FILE)).toEqual({
      maxReplayPerRun: 3,
      maxRetryLimitExceededStreak: 0,
    });
  });
});

describe('FieldReader and expectArray (the readers under every decoder)', () => {
  const reader = FieldReader.of({ zero: 0, empty: '', no: false, nul: null, obj: { k: 1 }, num: 5 }, 'doc');

  it('has: present (even falsy) values count, absent and null do not', () => {
    expect(['zero', 'empty', 'no', 'obj', 'nul', 'absent'].map((k) => reader.has(k))).toEqual([true, true, true, true, false, false]);
  });

  it('raw: returns the value (null included) and names a missing key', () => {
    expect(reader.raw('nul')).toBeNull();
    expect(reader.raw('zero')).toBe(0);
    expect(serdeErrorOf(() => reader.raw('absent')).message).toBe('cannot decode doc: field absent is missing');
  });

  it('int and count take the fallback only for an absent key, never for null', () => {
    expect(reader.int('absent', 7)).toBe(7);
    expect(reader.count('absent', 7)).toBe(7);
    expect(reader.int('num', 7)).toBe(5);
    expect(serdeErrorOf(() => reader.int('nul', 7)).message).toBe('cannot decode doc: field nul must be an integer');
  });

  it('bool takes the fallback only for an absent key', () => {
    expect(reader.bool('absent', true)).toBe(true);
    expect(reader.bool('no', true)).toBe(false);
    expect(serdeErrorOf(() => reader.bool('absent')).message).toBe('cannot decode doc: field absent must be a boolean');
    expect(serdeErrorOf(() => reader.bool('nul', true)).message).toBe('cannot decode doc: field nul must be a boolean');
  });

  it('optStr and optInt: absent or null is null, the wrong type is named', () => {
    expect([reader.optStr('absent'), reader.optStr('nul'), reader.optStr('empty')]).toEqual([null, null, '']);
    expect([reader.optInt('absent'), reader.optInt('nul'), reader.optInt('zero')]).toEqual([null, null, 0]);
    expect(serdeErrorOf(() => reader.optStr('num')).message).toBe('cannot decode doc: field num must be a string or null');
    expect(serdeErrorOf(() => reader.optInt('empty')).message).toBe('cannot decode doc: field empty must be an integer');
  });

  it('child reads a nested object and names its key in the place of an error', () => {
    expect(reader.child('obj').int('k')).toBe(1);
    const e = serdeErrorOf(() => reader.child('num'));
    expect(e.message).toBe('cannot decode doc (num): expected an object');
    expect(e.path).toBe('doc (num)');
    expect(serdeErrorOf(() => reader.child('obj').str('k')).message).toBe('cannot decode doc (obj): field k must be a string');
    expect(serdeErrorOf(() => reader.child('absent')).message).toBe('cannot decode doc: field absent is missing');
  });

  it('expectArray accepts an array and names the document otherwise', () => {
    expect(expectArray([1, 2], 'doc')).toEqual([1, 2]);
    for (const value of [{}, 'ab', null, 3]) {
      const e = serdeErrorOf(() => expectArray(value, 'doc'));
      expect(e.message).toBe('cannot decode doc: expected an array');
      expect(e.path).toBe('doc');
    }
  });
});
