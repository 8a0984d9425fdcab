import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSim } from '../../sim/sim';
import { serveObject, remoteObject } from '../../sim/rpc';
import { ValidationError } from '../../core/common/errors';

describe('node lifecycle (seed 5)', () => {
  it('continuations of a crashed incarnation never resume, even after a restart', async () => {
    const sim = createSim({ seed: '5' });
    const resumed: string[] = [];
    sim.addNode('n1', {
      program: async (ctx) => {
        ctx.serve('slow', async () => ctx.sleep(30));
        ctx.spawn('sleeper', async () => {
          await ctx.sleep(100);
          resumed.push(`sleep@${ctx.incarnation}`);
        });
        ctx.spawn('caller', async () => {
          await ctx.transport.request('n1', 'slow', null).catch(() => undefined);
          resumed.push(`call@${ctx.incarnation}`);
        });
      },
    });
    sim.at(20, 'fault', () => sim.crash('n1'));
    sim.at(60, 'fault', () => sim.restart('n1'));
    await sim.run();
    expect(sim.node('n1').incarnation).toBe(2);
    expect(resumed.filter((r) => r.endsWith('@1'))).toEqual([]);
    expect(resumed).toContain('sleep@2');
  });

  it('a crashed node ignores fs and transport calls from its dead incarnation', async () => {
    const sim = createSim({ seed: '5' });
    sim.addNode('n1', { program: () => undefined });
    await sim.run();
    const dead = sim.ctx('n1');
    sim.crash('n1');
    let settled = false;
    void dead?.fs.writeFile('/x', 'y').then(() => (settled = true), () => (settled = true));
    await sim.run();
    expect(settled).toBe(false);
    expect(sim.node('n1').disk.model.currentText('/x')).toBeNull();
  });

  it('a process that throws is recorded as an error, not thrown into the scheduler', async () => {
    const sim = createSim({ seed: '5', trace: { mode: 'full' } });
    sim.addNode('n1', { program: async () => { throw new Error('boom'); } });
    await sim.run();
    expect(sim.errors).toMatchObject([{ node: 'n1', process: 'boot', error: 'Error: boom' }]);
  });
});

describe('trace (seed 5)', () => {
  async function traced(seed: string) {
    const sim = createSim({ seed, trace: { mode: 'full' }, net: { lossRatio: [1, 4] } });
    sim.addNode('s', { program: (ctx) => ctx.serve('x', async (_f, _c, p) => p) });
    sim.addNode('c', {
      program: async (ctx) => {
        for (let i = 0; i < 20; i++) await ctx.transport.request('s', 'x', i).catch(() => undefined);
      },
    });
    await sim.run();
    return sim;
  }

  it('the trace hash is the SHA-256 of the lines, each ending in a newline', async () => {
    const sim = await traced('5');
    const expected = createHash('sha256').update(sim.trace.lines.map((l) => `${l}\n`).join('')).digest('hex');
    expect(sim.trace.hash()).toBe(expected);
  });

  it('the same seed gives an identical trace; another seed a different one', async () => {
    const a = await traced('5');
    const b = await traced('5');
    const c = await traced('6');
    expect(a.trace.lines).toEqual(b.trace.lines);
    expect(a.trace.hash()).toBe(b.trace.hash());
    expect(c.trace.hash()).not.toBe(a.trace.hash());
  });

  it('every line is one JSON object with step, time, node and kind; steps never go back', async () => {
    const sim = await traced('5');
    let step = 0;
    sim.trace.lines.forEach((l, i) => {
      const v = JSON.parse(l) as { i: number; step: number; t: number; kind: string };
      expect(v.i).toBe(i);
      expect(v.step).toBeGreaterThanOrEqual(step);
      step = v.step;
    });
  });

  it('the end line carries the hash of the lines before it', async () => {
    const sim = await traced('5');
    const before = sim.trace.hash();
    expect(sim.finish({ status: 'pass' })).toBe(before);
    expect(JSON.parse(sim.trace.lines[sim.trace.lines.length - 1]).data.hash).toBe(before);
  });

  it('the snapshot is plain JSON', async () => {
    const sim = await traced('5');
    const snap = sim.snapshot();
    expect(JSON.parse(JSON.stringify(snap))).toEqual(snap);
    expect(snap.nodes.map((n) => n.id)).toEqual(['c', 's']);
  });
});

describe('rpc proxy (seed 5)', () => {
  class Store {
    private items: string[] = [];
    async add(item: string): Promise<number> {
      if (item === '') throw new ValidationError('item must not be empty');
      this.items.push(item);
      return this.items.length;
    }
    async list(): Promise<string[]> {
      return this.items.slice();
    }
  }

  it('serves an object from one node and proxies its async methods on another', async () => {
    const sim = createSim({ seed: '5' });
    const seen: unknown[] = [];
    sim.addNode('storage', { program: (ctx) => serveObject(ctx, 'store', new Store()) });
    sim.addNode('w', {
      program: async (ctx) => {
        const store = remoteObject<Store>(ctx.transport, 'storage', 'store', {
          decodeError: (r) => (r.name === 'ValidationError' ? new ValidationError(String(r.fields?.reason)) : null),
        });
        seen.push(await store.add('a'), await store.add('b'), await store.list());
        await store.add('').catch((e: unknown) => seen.push(e instanceof ValidationError ? e.reason : e));
        await (store as unknown as { nope(): Promise<void> }).nope().catch((e: Error) => seen.push(e.message));
      },
    });
    await sim.run();
    expect(seen.slice(0, 4)).toEqual([1, 2, ['a', 'b'], 'item must not be empty']);
    expect(String(seen[4])).toMatch(/no method 'nope'/);
    expect(sim.net.stats.sent).toBe(10);
  });
});
