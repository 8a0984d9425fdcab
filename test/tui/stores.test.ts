// The Nodes pane reads the core's store files and scenario records (synthetic traces): lease
// holder and expiry relative to the node's clock, dead letters by reason, the pending queue,
// replay state; scenario lines of their own kinds count as decisions.
import { describe, expect, it } from 'vitest';
import { diskFiles } from '../../tui/model/disk';
import { foldAll } from '../../tui/model/fold';
import { storeFacts, storeKey } from '../../tui/model/stores';
import { EMPTY_VIEW, nodeClockMs } from '../../tui/model/view';

const EPOCH = 1_700_000_000_000;
let i = 0;
const line = (step: number, t: number, node: string | null, kind: string, data?: unknown) => ({ i: i++, step, t, node, kind, data });
const write = (step: number, path: string, data: string, append = false) => line(step, 10 * step, 'storage', append ? 'fs.append' : 'fs.write', { n: step, path, bytes: Buffer.byteLength(data), created: true, durable: false, data });

const trace = [
  line(0, 0, null, 'header', { format: 'awsim-trace/1', seed: '1', clockEpochMs: EPOCH, net: {} }),
  line(0, 0, 'storage', 'node.add', { skew: { kind: 'fixed', offsetMs: 0 }, anchorMs: 0, disk: {} }),
  line(1, 10, 'storage', 'node.up', { incarnation: 1 }),
  line(1, 10, 'storage', 'fs.mkdir', { n: 1, path: '/data', created: ['/data'], durable: true }),
  write(2, '/data/w1.revocation-coordinator-fenced-lease.json', JSON.stringify({ holder_node_id: 'n1', expires_at_ms: EPOCH + 100, fencing_token: 7 })),
  write(3, '/data/w1.n1.revocation-alert-dead-letter.jsonl', '{"reason":"retry_limit_exceeded","x":1}\n{"reason":"capacity_evicted"}\n', true),
  write(4, '/data/w1.n1.revocation-alert-dead-letter.jsonl', '{"reason":"retry_limit_exceeded","x":2}\n', true),
  write(5, '/data/w1.n2.revocation-alert-pending.json', JSON.stringify({ pending: [1, 2, 3] })),
  write(6, '/data/w1.n1.revocation-dead-letter-replay-state.json', JSON.stringify({ last_replay_at_ms: EPOCH + 20, prefer_capacity_evicted: true })),
  line(7, 70, 'storage', 'pipeline.run', { kind: 'replay', target: 'n1', replayed: 2 }),
  line(8, 80, 'storage', 'pipeline.run', { kind: 'replay', target: 'n2', replayed: 0 }),
];

describe('store facts (synthetic trace)', () => {
  const view = foldAll(EMPTY_VIEW, trace);
  const node = view.nodes[0];
  const facts = storeFacts(diskFiles(node.disk), nodeClockMs(view, node));

  it('reads lease holder, token and expiry relative to the node clock', () => {
    expect(facts.find((f) => f.label === 'lease')).toMatchObject({ key: 'w1', text: 'holder_node_id=n1 expires_at_ms=in 20ms fencing_token=7' });
  });

  it('counts dead letters by reason, the pending queue, and shows replay state', () => {
    expect(facts.find((f) => f.label === 'dead letters')).toMatchObject({ key: 'w1.n1', text: '3 (capacity_evicted 1, retry_limit_exceeded 2)' });
    expect(facts.find((f) => f.label === 'pending')).toMatchObject({ key: 'w1.n2', text: 'pending 3' });
    expect(facts.find((f) => f.label === 'replay state')?.text).toBe('last_replay_at_ms=60ms ago prefer_capacity_evicted=true');
  });

  it('keys store files by world and node', () => {
    expect(storeKey('w1.n3.revocation-alert-delivery-metrics.jsonl')).toBe('w1.n3');
    expect(storeKey('w1.revocation-coordinator-lease.json')).toBe('w1');
    expect(storeKey('acks.jsonl')).toBe('');
  });

  it('counts a scenario record of its own kind as a decision named kind/op', () => {
    expect(node.facts.decisions[0]).toMatchObject({ op: 'pipeline.run/replay', count: 2, step: 8, fields: { target: 'n2', replayed: 0 } });
  });
});
