import { describe, expect, it } from 'vitest';
import { TransportError } from '../../core/ports';
import { createSim, type SimOptions } from '../../sim/sim';
import type { NodeContext } from '../../sim/node';

type Outcome = { from: string; to: string; ok: boolean; why?: string };

/** Three nodes echo; each pings the others once at t=10 and records what came back. */
async function pingAll(setup: (sim: ReturnType<typeof createSim>) => void, options: Partial<SimOptions> = {}): Promise<Outcome[]> {
  const sim = createSim({ seed: '11', trace: { mode: 'full' }, net: { requestTimeoutMs: 100 }, ...options });
  const out: Outcome[] = [];
  const program = async (ctx: NodeContext) => {
    ctx.serve('echo', async (_from, _ch, p) => p);
    await ctx.sleep(10);
    for (const to of ['a', 'b', 'c'].filter((n) => n !== ctx.id)) {
      ctx.spawn(`ping-${to}`, async () => {
        try {
          await ctx.transport.request(to, 'echo', { hi: ctx.id });
          out.push({ from: ctx.id, to, ok: true });
        } catch (e) {
          out.push({ from: ctx.id, to, ok: false, why: (e as TransportError).why });
        }
      });
    }
  };
  for (const id of ['a', 'b', 'c']) sim.addNode(id, { program });
  setup(sim);
  await sim.run();
  return out.sort((x, y) => (x.from + x.to < y.from + y.to ? -1 : 1));
}

const reached = (o: Outcome[]) => o.filter((x) => x.ok).map((x) => `${x.from}>${x.to}`);

describe('network (seed 11)', () => {
  it('delivers requests and replies between every pair when healthy', async () => {
    expect(reached(await pingAll(() => undefined))).toEqual(['a>b', 'a>c', 'b>a', 'b>c', 'c>a', 'c>b']);
  });

  it('a symmetric partition stops traffic both ways, only between the named groups', async () => {
    expect(reached(await pingAll((s) => s.partition('a', ['b'])))).toEqual(['a>c', 'b>c', 'c>a', 'c>b']);
  });

  it('a one-way partition a→b stops requests a→b and replies a→b, nothing else', async () => {
    const out = await pingAll((s) => s.partitionOneWay('a', 'b'));
    // a>b fails (request cut); b>a fails too (its reply travels a→b); all others succeed.
    expect(reached(out)).toEqual(['a>c', 'b>c', 'c>a', 'c>b']);
    expect(out.filter((x) => !x.ok).map((x) => x.why)).toEqual(['timeout', 'timeout']);
  });

  it('a one-way partition leaves the other direction of plain messages open', async () => {
    const sim = createSim({ seed: '11', trace: { mode: 'full' } });
    const got: string[] = [];
    for (const id of ['a', 'b']) sim.addNode(id, { program: (ctx) => ctx.serve('m', async (from) => void got.push(`${from}>${ctx.id}`)) });
    sim.partitionOneWay('a', 'b');
    await sim.run();
    void sim.ctx('a')?.transport.request('b', 'm', 1).catch(() => undefined);
    void sim.ctx('b')?.transport.request('a', 'm', 1).catch(() => undefined);
    await sim.run();
    expect(got).toEqual(['b>a']);
  });

  it('repair restores traffic; isolation cuts a node off from everyone', async () => {
    expect(reached(await pingAll((s) => { s.partition('a', 'b'); s.repair('a', 'b'); }))).toHaveLength(6);
    expect(reached(await pingAll((s) => s.isolate('c')))).toEqual(['a>b', 'b>a']);
  });

  it('total loss turns every call into a timeout', async () => {
    const out = await pingAll(() => undefined, { net: { requestTimeoutMs: 100, lossRatio: [1, 1] } });
    expect(out.every((o) => !o.ok && o.why === 'timeout')).toBe(true);
  });

  it('duplication runs the handler twice but settles the call once', async () => {
    const sim = createSim({ seed: '11', net: { duplicateRatio: [1, 1] } });
    let handled = 0;
    let settled = 0;
    sim.addNode('s', { program: (ctx) => ctx.serve('inc', async () => ++handled) });
    sim.addNode('c', { program: async (ctx) => { await ctx.sleep(1); await ctx.transport.request('s', 'inc', null); settled++; } });
    await sim.run();
    expect(handled).toBe(2);
    expect(settled).toBe(1);
    expect(sim.net.stats.duplicated).toBeGreaterThanOrEqual(2);
  });

  it('nothing is delivered to a crashed node; its in-flight messages are dropped', async () => {
    const sim = createSim({ seed: '11', trace: { mode: 'full' }, net: { latency: { kind: 'fixed', ms: 10 }, requestTimeoutMs: 50 } });
    let handled = 0;
    let why = '';
    sim.addNode('s', { program: (ctx) => ctx.serve('x', async () => ++handled) });
    sim.addNode('c', { program: async (ctx) => { await ctx.transport.request('s', 'x', null).catch((e: TransportError) => { why = e.why; }); } });
    sim.at(5, 'fault', () => sim.crash('s'));
    await sim.run({ untilMs: 5 });
    expect(sim.net.inFlightMessages()).toEqual([]);
    await sim.run();
    expect(handled).toBe(0);
    expect(why).toBe('timeout');
    expect(sim.trace.lines.some((l) => l.includes('"reason":"crash"'))).toBe(true);
  });

  it('messages in flight are inspectable with their due time', async () => {
    const sim = createSim({ seed: '11', net: { latency: { kind: 'fixed', ms: 30 } } });
    sim.addNode('s', { program: (ctx) => ctx.serve('x', async () => 1) });
    sim.addNode('c', { program: (ctx) => void ctx.transport.request('s', 'x', { a: 1 }) });
    await sim.run({ maxSteps: 2 });
    expect(sim.net.inFlightMessages()).toMatchObject([{ from: 'c', to: 's', channel: 'x', type: 'req', sentT: 0, dueT: 30 }]);
  });

  it('a handler error reaches the caller as a remote-error naming it', async () => {
    const sim = createSim({ seed: '11' });
    let msg = '';
    sim.addNode('s', { program: (ctx) => ctx.serve('x', async () => { throw new RangeError('bad limit'); }) });
    sim.addNode('c', { program: async (ctx) => { await ctx.transport.request('s', 'x', 1).catch((e: TransportError) => { msg = `${e.why} ${e.message}`; }); } });
    await sim.run();
    expect(msg).toMatch(/remote-error.*RangeError: bad limit/);
  });

  it('calling an unknown node rejects at once as unreachable', async () => {
    const sim = createSim({ seed: '11' });
    let why = '';
    sim.addNode('c', { program: async (ctx) => { await ctx.transport.request('nope', 'x', 1).catch((e: TransportError) => { why = e.why; }); } });
    await sim.run();
    expect(why).toBe('unreachable');
  });
});
