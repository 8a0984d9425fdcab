// The disk fold against the simulator's own disk, op by op: random sequences of writes, appends
// (some multi-byte), renames, unlinks, mkdirs, file and directory fsyncs, OS writeback passes and
// crashes with torn writes on, folded from the trace, must show what `SimFs.inspect()` shows after every op.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writebackNode } from '../../scenarios/archive-tiering/writeback';
import { createSim } from '../../sim/sim';
import type { NodeContext } from '../../sim/node';
import { parseTraceLine } from '../../sim/trace';
import { diskFiles } from '../../tui/model/disk';
import { fold } from '../../tui/model/fold';
import { EMPTY_VIEW, type View } from '../../tui/model/view';

type Op =
  | { op: 'write' | 'append'; file: number; text: string }
  | { op: 'rename'; file: number; to: number }
  | { op: 'unlink'; file: number }
  | { op: 'fsync'; file: number }
  | { op: 'fsyncDir'; dir: number }
  | { op: 'mkdir'; dir: number }
  | { op: 'crash' }
  | { op: 'writeback' };

const DIRS = ['/a', '/b'];
const FILES = ['/a/x', '/a/y', '/a/z', '/b/x'];

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constantFrom('write' as const, 'append' as const), file: fc.nat(3), text: fc.constantFrom('abc', 'héllo ✓', '{"v":1}\n', '', 'zz\n') }),
  fc.record({ op: fc.constant('rename' as const), file: fc.nat(3), to: fc.nat(3) }),
  fc.record({ op: fc.constant('unlink' as const), file: fc.nat(3) }),
  fc.record({ op: fc.constant('fsync' as const), file: fc.nat(3) }),
  fc.record({ op: fc.constant('fsyncDir' as const), dir: fc.nat(1) }),
  fc.record({ op: fc.constant('mkdir' as const), dir: fc.nat(1) }),
  fc.constant({ op: 'crash' as const }),
  fc.constant({ op: 'writeback' as const }),
);

async function apply(ctx: NodeContext, o: Op): Promise<void> {
  const fs = ctx.fs;
  try {
    if (o.op === 'write') await fs.writeFile(FILES[o.file], o.text);
    else if (o.op === 'append') await fs.appendFile(FILES[o.file], o.text);
    else if (o.op === 'rename') await fs.rename(FILES[o.file], FILES[o.to]);
    else if (o.op === 'unlink') await fs.unlink(FILES[o.file]);
    else if (o.op === 'fsync') await fs.fsync(FILES[o.file]);
    else if (o.op === 'fsyncDir') await fs.fsync(DIRS[o.dir]);
    else if (o.op === 'mkdir') await fs.mkdir(DIRS[o.dir], { recursive: true });
  } catch {
    // ENOENT and friends: the op had no effect, as the trace says.
  }
}

async function check(ops: readonly Op[], seed: string): Promise<void> {
  const sim = createSim({ seed, trace: { mode: 'full' } });
  sim.addNode('n1', { fs: { tornWrites: true, mkdirDurable: seed.endsWith('1') } });
  await sim.run();
  let folded = 0;
  let view: View = EMPTY_VIEW;
  for (const o of ops) {
    if (o.op === 'crash') {
      sim.crash('n1');
      sim.restart('n1');
    } else if (o.op === 'writeback') {
      writebackNode(sim, 'n1');
    } else {
      const ctx = sim.ctx('n1');
      if (ctx !== null) await apply(ctx, o);
    }
    for (; folded < sim.trace.lines.length; folded++) view = fold(view, parseTraceLine(sim.trace.lines[folded]));
    const node = view.nodes[0];
    const got = diskFiles(node.disk).map((f) => ({ path: f.path, current: f.current?.data ?? null, durable: f.durableBytes === null ? null : f.durable, unsynced: f.unsynced }));
    expect(got).toEqual(sim.node('n1').disk.inspect());
  }
}

describe('disk fold (property, seeds 0..)', () => {
  it('matches the simulated disk after every op, crashes and torn writes included', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), async (ops) => {
        await check([{ op: 'mkdir', dir: 0 }, { op: 'mkdir', dir: 1 }, ...ops], String(run++));
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});
