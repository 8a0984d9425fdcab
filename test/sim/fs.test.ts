import { describe, expect, it } from 'vitest';
import { FsError } from '../../core/ports';
import { DiskModel } from '../../sim/fs/model';
import { applyWriteback, flushOfLine, writebackPass } from '../../sim/fs/writeback';
import { createSim } from '../../sim/sim';
import type { NodeContext } from '../../sim/node';

function model(): DiskModel {
  const m = new DiskModel();
  m.mkdir('/d', false, true);
  return m;
}

describe('fake file system durability model', () => {
  it('loses an unsynced write on crash', () => {
    const m = model();
    m.write('/d/f', 'hello', false);
    m.crash(null);
    expect(m.currentText('/d/f')).toBeNull();
  });

  it('loses a file whose data was fsynced but whose directory entry was not', () => {
    const m = model();
    m.write('/d/f', 'hello', false);
    m.fsync('/d/f');
    m.crash(null);
    expect(m.currentText('/d/f')).toBeNull();
  });

  it('keeps a file fsynced and dir-fsynced, and only its synced bytes', () => {
    const m = model();
    m.write('/d/f', 'hello', false);
    m.fsync('/d/f');
    m.fsync('/d');
    m.write('/d/f', ' world', true);
    expect(m.currentText('/d/f')).toBe('hello world');
    expect(m.durableText('/d/f')).toBe('hello');
    m.crash(null);
    expect(m.currentText('/d/f')).toBe('hello');
  });

  it('an entry made durable before its data was synced comes back empty', () => {
    const m = model();
    m.write('/d/f', 'data', false);
    m.fsync('/d');
    m.crash(null);
    expect(m.currentText('/d/f')).toBe('');
  });

  it('rename is atomic: after a crash the target holds the old or the new file, never a mix', () => {
    const m = model();
    m.write('/d/doc', 'old', false);
    m.fsync('/d/doc');
    m.fsync('/d');
    m.write('/d/doc.tmp', 'new', false);
    m.fsync('/d/doc.tmp');
    m.rename('/d/doc.tmp', '/d/doc');
    expect(m.currentText('/d/doc')).toBe('new');
    const before = model();
    // Crash before the directory fsync: the old file, and no temp file either.
    const snapshot = m.inspect();
    expect(snapshot.find((f) => f.path === '/d/doc')?.durable).toBe('old');
    m.fsync('/d');
    m.crash(null);
    expect(m.currentText('/d/doc')).toBe('new');
    expect(m.currentText('/d/doc.tmp')).toBeNull();
    expect(before.readdir('/d')).toEqual([]);
  });

  it('a rename that was not dir-synced is undone by a crash', () => {
    const m = model();
    m.write('/d/a', 'A', false);
    m.fsync('/d/a');
    m.fsync('/d');
    m.rename('/d/a', '/d/b');
    m.crash(null);
    expect(m.readdir('/d')).toEqual(['a']);
    expect(m.currentText('/d/a')).toBe('A');
  });

  it('an unlink that was not dir-synced is undone by a crash', () => {
    const m = model();
    m.write('/d/a', 'A', false);
    m.fsync('/d/a');
    m.fsync('/d');
    m.unlink('/d/a');
    expect(m.currentText('/d/a')).toBeNull();
    m.crash(null);
    expect(m.currentText('/d/a')).toBe('A');
  });

  it('a torn crash keeps the durable bytes plus a prefix of the unsynced tail', () => {
    const m = model();
    m.write('/d/log', 'line1\n', false);
    m.fsync('/d/log');
    m.fsync('/d');
    m.write('/d/log', 'line2\n', true);
    const losses = m.crash((durable, current) => current.slice(0, durable.length + 3));
    expect(m.currentText('/d/log')).toBe('line1\nlin');
    expect(losses).toEqual([{ path: '/d/log', beforeBytes: 12, afterBytes: 9, torn: true }]);
  });

  it('raises POSIX-like errors', () => {
    const m = model();
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as FsError).code;
      }
      return 'none';
    };
    expect(code(() => m.read('/d/missing'))).toBe('ENOENT');
    expect(code(() => m.read('/d'))).toBe('EISDIR');
    expect(code(() => m.write('/nodir/f', 'x', false))).toBe('ENOENT');
    expect(code(() => m.mkdir('/d', false, true))).toBe('EEXIST');
    expect(code(() => m.mkdir('/a/b', false, true))).toBe('ENOENT');
    expect(code(() => m.unlink('/d'))).toBe('EISDIR');
    expect(code(() => m.rename('/d/missing', '/d/x'))).toBe('ENOENT');
    expect(code(() => m.fsync('/d/missing'))).toBe('ENOENT');
    expect(code(() => m.mkdir('/a/b/c', true, true))).toBe('none');
    expect(m.readdir('/a')).toEqual(['b']);
  });

  it('readdir is sorted and inspect shows durable vs current per file', () => {
    const m = model();
    m.write('/d/b', 'B', false);
    m.write('/d/a', 'A', false);
    m.fsync('/d/a');
    m.fsync('/d');
    expect(m.readdir('/d')).toEqual(['a', 'b']);
    expect(m.inspect()).toEqual([
      { path: '/d/a', current: 'A', durable: 'A', unsynced: false },
      { path: '/d/b', current: 'B', durable: '', unsynced: true },
    ]);
  });
});

async function onNode(options: Parameters<typeof createSim>[0] & { fs?: object }, program: (ctx: NodeContext) => Promise<void>) {
  const sim = createSim({ seed: options.seed, trace: { mode: 'full' } });
  sim.addNode('n1', { program, fs: options.fs });
  await sim.run();
  return sim;
}

describe('fake file system on a node (seed 7)', () => {
  it('a restarted node sees only its durable files', async () => {
    let seen: string[] = [];
    const sim = await onNode({ seed: '7' }, async (ctx) => {
      if (ctx.incarnation === 1) {
        await ctx.fs.mkdir('/data', { recursive: true });
        await ctx.fs.writeFile('/data/kept', 'k');
        await ctx.fs.fsync('/data/kept');
        await ctx.fs.fsync('/data');
        await ctx.fs.writeFile('/data/lost', 'l');
        return;
      }
      seen = await ctx.fs.readdir('/data');
    });
    sim.crash('n1');
    sim.restart('n1');
    await sim.run();
    expect(seen).toEqual(['kept']);
    expect(sim.trace.lines.some((l) => l.includes('"kind":"node.crash"') && l.includes('/data/lost'))).toBe(true);
  });

  it('injects EIO with the given odds and ENOSPC past the quota', async () => {
    const codes: string[] = [];
    await onNode({ seed: '7', fs: { eioRatio: [1, 1], eioOps: ['writeFile'] } }, async (ctx) => {
      await ctx.fs.mkdir('/q', {});
      await ctx.fs.writeFile('/q/a', 'x').catch((e: FsError) => codes.push(e.code));
    });
    await onNode({ seed: '7', fs: { quotaBytes: 5 } }, async (ctx) => {
      await ctx.fs.mkdir('/q', {});
      await ctx.fs.writeFile('/q/a', '12345');
      await ctx.fs.appendFile('/q/a', '6').catch((e: FsError) => codes.push(e.code));
      await ctx.fs.writeFile('/q/a', 'abc');
      await ctx.fs.appendFile('/q/a', 'de');
    });
    expect(codes).toEqual(['EIO', 'ENOSPC']);
  });

  it('per-op latency makes ops take virtual time', async () => {
    let t = -1;
    const sim = await onNode({ seed: '7', fs: { latencyMsMin: 5, latencyMsMax: 5 } }, async (ctx) => {
      await ctx.fs.mkdir('/a', {});
      await ctx.fs.writeFile('/a/f', 'x');
      t = ctx.clock.nowMs();
    });
    expect(t - sim.clockEpochMs).toBe(10);
  });

  it('crash at the k-th write stops the node right there and drops its continuation', async () => {
    let after = false;
    const sim = createSim({ seed: '7', trace: { mode: 'full' } });
    sim.addNode('n1', {
      program: async (ctx) => {
        await ctx.fs.mkdir('/a', {}); // write 1
        await ctx.fs.writeFile('/a/f', 'x'); // write 2
        await ctx.fs.fsync('/a/f'); // write 3: crash before it
        after = true;
      },
    });
    sim.crashAtWrite('n1', 3, 'before');
    await sim.run();
    expect(after).toBe(false);
    expect(sim.node('n1').up).toBe(false);
    expect(sim.node('n1').disk.model.currentText('/a/f')).toBeNull();
  });
});

describe('directory fsync after a failed one (the rollback-governance seed 1 case)', () => {
  it('a later successful dir fsync makes the newest of two renames over the same name durable', async () => {
    const sim = createSim({ seed: '7', trace: { mode: 'full' } });
    const disk = () => sim.node('n1').disk;
    const codes: string[] = [];
    const replace = async (ctx: NodeContext, text: string): Promise<void> => {
      await ctx.fs.writeFile('/d/doc.tmp', text);
      await ctx.fs.fsync('/d/doc.tmp');
      await ctx.fs.rename('/d/doc.tmp', '/d/doc');
    };
    sim.addNode('n1', {
      program: async (ctx) => {
        await ctx.fs.mkdir('/d', {});
        await replace(ctx, 'first');
        await ctx.fs.fsync('/d');
        await replace(ctx, 'second');
        disk().setFaults({ eioRatio: [1, 1], eioOps: ['fsync'] });
        await ctx.fs.fsync('/d').catch((e: FsError) => codes.push(e.code));
        disk().setFaults({ eioRatio: [0, 1] });
      },
    });
    await sim.run();
    expect(codes).toEqual(['EIO']);
    const doc = () => disk().inspect().find((f) => f.path === '/d/doc');
    expect(doc()).toEqual({ path: '/d/doc', current: 'second', durable: 'first', unsynced: true });
    expect(disk().model.unsyncedDirectories()).toEqual(['/d']);
    disk().model.fsync('/d');
    expect(doc()).toEqual({ path: '/d/doc', current: 'second', durable: 'second', unsynced: false });
    expect(disk().model.unsyncedDirectories()).toEqual([]);
  });
});

describe('OS writeback pass', () => {
  it('names the directories it flushed even when no file bytes needed flushing', () => {
    const m = model();
    m.write('/d/doc.tmp', 'new', false);
    m.fsync('/d/doc.tmp');
    m.rename('/d/doc.tmp', '/d/doc');
    expect(writebackPass(m)).toEqual({ dirs: ['/d'], files: [] });
    expect(m.inspect()).toEqual([{ path: '/d/doc', current: 'new', durable: 'new', unsynced: false }]);
    expect(writebackPass(m)).toEqual({ dirs: [], files: [] });
  });

  it('flushes directory entries first, then the bytes of every unsynced file', () => {
    const m = model();
    m.mkdir('/e', false, false);
    m.write('/d/a', 'A', false);
    m.write('/e/b', 'B', false);
    expect(writebackPass(m)).toEqual({ dirs: ['/', '/d', '/e'], files: ['/d/a', '/e/b'] });
    m.crash(null);
    expect([m.currentText('/d/a'), m.currentText('/e/b')]).toEqual(['A', 'B']);
  });

  it('replayed from its trace data, leaves another model of the same disk in the same state', () => {
    const build = (): DiskModel => {
      const m = model();
      m.write('/d/a', 'A', false);
      m.fsync('/d/a');
      m.fsync('/d');
      m.write('/d/a.tmp', 'A2', false);
      m.rename('/d/a.tmp', '/d/a');
      m.write('/d/b', 'B', false);
      return m;
    };
    const sim = build();
    const line = JSON.parse(JSON.stringify(writebackPass(sim))) as unknown;
    const fold = build();
    applyWriteback(fold, flushOfLine(line));
    expect(fold.inspect()).toEqual(sim.inspect());
    // A line from before passes named what they flushed: the fold redoes the whole pass.
    const legacy = build();
    applyWriteback(legacy, flushOfLine({ files: 2 }));
    expect(legacy.inspect()).toEqual(sim.inspect());
  });
});
