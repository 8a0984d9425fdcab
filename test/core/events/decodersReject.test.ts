// Part C's store-file decoders (spec C §5: a store file that does not decode is an error naming the
// file): every malformed document or field gives a SerdeError whose message names the file, the
// kind of document, the field and what is wrong with it; well-formed optional fields decode to
// their defaults.
import { describe, expect, it } from 'vitest';
import { SerdeError } from '../../../core/common/errors';
import { decodeDrillAlertState } from '../../../core/events/alerts/drillAlertStateStore';
import { decodeDrillAlertEvent } from '../../../core/events/bus/drillAlertEvent';
import { JsonReader } from '../../../core/events/common/json';
import { decodeSequenceCursorState } from '../../../core/events/cursors/sequenceCursorState';
import { decodeNodeSequenceCursorState } from '../../../core/events/hardened/nodeSequenceCursorStore';
import { decodeOffloadIntent } from '../../../core/events/tiering/offloadIntent';

const FILE = '/data/events/w1.node-a.store.json';

/** Runs `decode` and returns the SerdeError it threw (failing the test if it did not). */
function serdeErrorOf(decode: () => unknown): SerdeError {
  try {
    decode();
  } catch (e) {
    expect(e).toBeInstanceOf(SerdeError);
    expect((e as SerdeError).path).toBe(FILE);
    return e as SerdeError;
  }
  throw new Error('expected a SerdeError, but the input decoded');
}

const event = (fields: Record<string, unknown>): string =>
  JSON.stringify({ world_id: 'w1', node_id: 'node-a', event_at_ms: 5, outcome: 'emitted', ...fields });
const cursor = (fields: Record<string, unknown>): string =>
  JSON.stringify({ world_id: 'w1', consumer_id: 'c', since_event_at_ms: 5, ...fields });
const nodeCursor = (fields: Record<string, unknown>): string =>
  JSON.stringify({ world_id: 'w1', consumer_id: 'c', outcomes: ['emitted'], positions: [['node-a', 0]], ...fields });
const intent = (fields: Record<string, unknown>): string =>
  JSON.stringify({ phase: 'copy', cold_before_count: 0, offloaded: [], hot_before: [], hot_after: [], ...fields });

const EVENT = (why: string) => `cannot decode drill alert event in ${FILE}: ${why}`;
const CURSOR = (why: string) => `cannot decode composite sequence cursor state in ${FILE}: ${why}`;
const NODE_CURSOR = (why: string) => `cannot decode node sequence cursor state in ${FILE}: ${why}`;
const INTENT = (why: string) => `cannot decode tiered offload intent in ${FILE}: ${why}`;
const STATE = (why: string) => `cannot decode drill alert state in ${FILE}: ${why}`;

const OUTCOMES = 'emitted, suppressed_cooldown, suppressed_no_anomaly, skipped_no_drill';
const POSITIONS = 'positions is not a list of [node_id, seq] pairs';

const REJECTED: ReadonlyArray<[string, (text: string, file: string) => unknown, string, string]> = [
  ['an event that is a number', decodeDrillAlertEvent, '5', EVENT('<document> is not a JSON object')],
  ['an event that is a string', decodeDrillAlertEvent, '"x"', EVENT('<document> is not a JSON object')],
  ['an event that is null', decodeDrillAlertEvent, 'null', EVENT('<document> is not a JSON object')],
  ['an event that is an array', decodeDrillAlertEvent, '[]', EVENT('<document> is not a JSON object')],
  ['an event without world_id', decodeDrillAlertEvent, event({ world_id: undefined }), EVENT('world_id is missing')],
  ['an event with a numeric node_id', decodeDrillAlertEvent, event({ node_id: 7 }), EVENT('node_id is not a string')],
  ['an event without event_at_ms', decodeDrillAlertEvent, event({ event_at_ms: undefined }), EVENT('event_at_ms is missing')],
  ['an event with a string event_at_ms', decodeDrillAlertEvent, event({ event_at_ms: '5' }), EVENT('event_at_ms is not an integer')],
  ['an event with a fractional event_at_ms', decodeDrillAlertEvent, event({ event_at_ms: 1.5 }), EVENT('event_at_ms is not an integer')],
  ['an event with an unknown outcome', decodeDrillAlertEvent, event({ outcome: 'exploded' }), EVENT(`outcome is not one of ${OUTCOMES}`)],
  ['an event with a numeric outcome', decodeDrillAlertEvent, event({ outcome: 3 }), EVENT(`outcome is not one of ${OUTCOMES}`)],
  ['an event with an unknown severity', decodeDrillAlertEvent, event({ severity: 'info' }), EVENT('severity is not one of warn, critical')],
  ['an event with a string as reasons', decodeDrillAlertEvent, event({ reasons: 'r' }), EVENT('reasons is not an array of strings')],
  ['an event with a number among reasons', decodeDrillAlertEvent, event({ reasons: ['r', 1] }), EVENT('reasons is not an array of strings')],
  ['a cursor state with a numeric since_node_id', decodeSequenceCursorState, cursor({ since_node_id: 3 }), CURSOR('since_node_id is not a string')],
  ['a cursor state with a negative offset', decodeSequenceCursorState, cursor({ since_node_event_offset: -1 }), CURSOR('since_node_event_offset is not an unsigned integer')],
  ['a cursor state with a fractional offset', decodeSequenceCursorState, cursor({ since_node_event_offset: 0.5 }), CURSOR('since_node_event_offset is not an unsigned integer')],
  ['a cursor state with a string offset', decodeSequenceCursorState, cursor({ since_node_event_offset: '1' }), CURSOR('since_node_event_offset is not an unsigned integer')],
  ['a cursor state with a null offset', decodeSequenceCursorState, cursor({ since_node_event_offset: null }), CURSOR('since_node_event_offset is not an unsigned integer')],
  ['an intent without cold_before_count', decodeOffloadIntent, intent({ cold_before_count: undefined }), INTENT('cold_before_count is missing')],
  ['an intent with a negative cold_before_count', decodeOffloadIntent, intent({ cold_before_count: -2 }), INTENT('cold_before_count is not an unsigned integer')],
  ['an intent with an unknown phase', decodeOffloadIntent, intent({ phase: 'done' }), INTENT('phase is not one of copy, trim')],
  ['an intent whose hot_after is not a list', decodeOffloadIntent, intent({ hot_after: {} }), INTENT('hot_after is not an array')],
  ['a drill alert state that is an array', decodeDrillAlertState, '[1]', STATE('<document> is not a JSON object')],
  ['a drill alert state with a fractional time', decodeDrillAlertState, '{"last_alert_at_ms":2.5}', STATE('last_alert_at_ms is not an integer')],
  ['a drill alert state with a string time', decodeDrillAlertState, '{"last_alert_at_ms":"9"}', STATE('last_alert_at_ms is not an integer')],
  ['a node cursor with an unknown outcome', decodeNodeSequenceCursorState, nodeCursor({ outcomes: ['emitted', 'nope'] }), NODE_CURSOR('outcomes has an unknown outcome')],
  ['a node cursor whose outcomes is a string', decodeNodeSequenceCursorState, nodeCursor({ outcomes: 'emitted' }), NODE_CURSOR('outcomes is not an array of strings')],
  ['a node cursor without positions', decodeNodeSequenceCursorState, nodeCursor({ positions: undefined }), NODE_CURSOR(POSITIONS)],
  ['a node cursor whose positions is an object', decodeNodeSequenceCursorState, nodeCursor({ positions: { 'node-a': 1 } }), NODE_CURSOR(POSITIONS)],
  ['a node cursor with a bare number position', decodeNodeSequenceCursorState, nodeCursor({ positions: [['node-a', 1], 4] }), NODE_CURSOR(POSITIONS)],
  ['a node cursor with a one-element pair', decodeNodeSequenceCursorState, nodeCursor({ positions: [['node-a']] }), NODE_CURSOR(POSITIONS)],
  ['a node cursor with a three-element pair', decodeNodeSequenceCursorState, nodeCursor({ positions: [['node-a', 1, 2]] }), NODE_CURSOR(POSITIONS)],
  ['a node cursor with a numeric node id', decodeNodeSequenceCursorState, nodeCursor({ positions: [[1, 1]] }), NODE_CURSOR(POSITIONS)],
  ['a node cursor with a fractional seq', decodeNodeSequenceCursorState, nodeCursor({ positions: [['node-a', 1.5]] }), NODE_CURSOR(POSITIONS)],
  ['a node cursor with a string seq', decodeNodeSequenceCursorState, nodeCursor({ positions: [['node-a', '1']] }), NODE_CURSOR(POSITIONS)],
  ['a node cursor with a negative seq', decodeNodeSequenceCursorState, nodeCursor({ positions: [['node-a', -1]] }), NODE_CURSOR(POSITIONS)],
  ['a node cursor without consumer_id', decodeNodeSequenceCursorState, nodeCursor({ consumer_id: undefined }), NODE_CURSOR('consumer_id is missing')],
];

describe('store-file decoders reject malformed input with a SerdeError naming file, document and field', () => {
  it.each(REJECTED)('%s', (_name, decode, text, message) => {
    expect(serdeErrorOf(() => decode(text, FILE)).message).toBe(message);
  });

  it('a bad record inside an offload intent is named by its list and index', () => {
    const e = serdeErrorOf(() => decodeOffloadIntent(intent({ hot_before: [{}] }), FILE));
    expect(e.message).toContain('hot_before[0]');
    expect(e.message).toContain(FILE);
  });

  it('a record inside an offload intent that is not an object is a <document> error', () => {
    expect(serdeErrorOf(() => decodeOffloadIntent(intent({ offloaded: [3] }), FILE)).message).toBe(INTENT('<document> is not a JSON object'));
  });
});

describe('store-file decoders accept the optional fields absent, null or present', () => {
  it('an event without reasons and severity, or with them null, decodes to [] and null', () => {
    const expected = { worldId: 'w1', nodeId: 'node-a', eventAtMs: 5, outcome: 'emitted', reasons: [], severity: null };
    expect(decodeDrillAlertEvent(event({}), FILE)).toEqual(expected);
    expect(decodeDrillAlertEvent(event({ reasons: null, severity: null }), FILE)).toEqual(expected);
  });

  it('an event with reasons and severity keeps them', () => {
    const e = decodeDrillAlertEvent(event({ reasons: ['a', 'b'], severity: 'critical', event_at_ms: -3 }), FILE);
    expect(e).toEqual({ worldId: 'w1', nodeId: 'node-a', eventAtMs: -3, outcome: 'emitted', reasons: ['a', 'b'], severity: 'critical' });
  });

  it('a cursor state: since_node_id absent or null is null, offset absent is 0, present offset is kept', () => {
    const base = { worldId: 'w1', consumerId: 'c', sinceEventAtMs: 5 };
    expect(decodeSequenceCursorState(cursor({}), FILE)).toEqual({ ...base, sinceNodeId: null, sinceNodeEventOffset: 0 });
    expect(decodeSequenceCursorState(cursor({ since_node_id: null, since_node_event_offset: 0 }), FILE)).toEqual({
      ...base,
      sinceNodeId: null,
      sinceNodeEventOffset: 0,
    });
    expect(decodeSequenceCursorState(cursor({ since_node_id: 'node-b', since_node_event_offset: 4 }), FILE)).toEqual({
      ...base,
      sinceNodeId: 'node-b',
      sinceNodeEventOffset: 4,
    });
  });

  it('a drill alert state: last_alert_at_ms absent or null is null, an integer is kept', () => {
    expect(decodeDrillAlertState('{}', FILE)).toEqual({ lastAlertAtMs: null });
    expect(decodeDrillAlertState('{"last_alert_at_ms":null}', FILE)).toEqual({ lastAlertAtMs: null });
    expect(decodeDrillAlertState('{"last_alert_at_ms":-7}', FILE)).toEqual({ lastAlertAtMs: -7 });
  });

  it('an offload intent decodes its phase and cold_before_count', () => {
    expect(decodeOffloadIntent(intent({ phase: 'trim', cold_before_count: 3 }), FILE)).toEqual({
      phase: 'trim',
      coldBeforeCount: 3,
      offloaded: [],
      hotBefore: [],
      hotAfter: [],
    });
  });

  it('a node cursor: outcomes absent is [], seq 0 is a position, every outcome is accepted', () => {
    expect(decodeNodeSequenceCursorState(nodeCursor({ outcomes: undefined }), FILE).outcomes).toEqual([]);
    const s = decodeNodeSequenceCursorState(
      nodeCursor({ outcomes: ['emitted', 'skipped_no_drill'], positions: [['node-a', 0], ['node-b', 9]] }),
      FILE,
    );
    expect(s).toEqual({
      worldId: 'w1',
      consumerId: 'c',
      outcomes: ['emitted', 'skipped_no_drill'],
      positions: new Map([
        ['node-a', 0],
        ['node-b', 9],
      ]),
    });
  });
});

describe('JsonReader field readers', () => {
  const r = new JsonReader(FILE, 'thing');
  const fails = (read: () => unknown) => serdeErrorOf(read).message;

  it('a usize with a fallback returns the fallback only when the key is missing', () => {
    expect(r.usize({}, 'n', 7)).toBe(7);
    expect(r.usize({ n: 2 }, 'n', 7)).toBe(2);
    expect(r.usize({ n: 0 }, 'n')).toBe(0);
    expect(fails(() => r.usize({}, 'n'))).toBe(`cannot decode thing in ${FILE}: n is missing`);
  });

  it('an optional i64 present but malformed is an error; missing or null is null', () => {
    expect(r.optionalI64({}, 'n')).toBeNull();
    expect(r.optionalI64({ n: null }, 'n')).toBeNull();
    expect(r.optionalI64({ n: 12 }, 'n')).toBe(12);
    expect(fails(() => r.optionalI64({ n: true }, 'n'))).toBe(`cannot decode thing in ${FILE}: n is not an integer`);
  });

  it('a string array is copied, and null reads as empty', () => {
    const source = ['a'];
    const read = r.stringArray({ xs: source }, 'xs');
    expect(read).toEqual(['a']);
    expect(read).not.toBe(source);
    expect(r.stringArray({ xs: null }, 'xs')).toEqual([]);
    expect(r.stringArray({ xs: [] }, 'xs')).toEqual([]);
  });

  it('oneOf returns the allowed value and names every allowed value when it fails', () => {
    expect(r.oneOf({ k: 'b' }, 'k', ['a', 'b'] as const)).toBe('b');
    expect(fails(() => r.oneOf({}, 'k', ['a', 'b'] as const))).toBe(`cannot decode thing in ${FILE}: k is not one of a, b`);
  });

  it('an unsafe integer is not an integer', () => {
    expect(fails(() => r.i64({ n: 2 ** 60 }, 'n'))).toBe(`cannot decode thing in ${FILE}: n is not an integer`);
  });
});
