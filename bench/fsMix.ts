// A fixed file-system op mix through the FileSystem port: per round, write a document via
// temp + fsync + rename + dir fsync, append a line, read a document, list the directory and stat
// a file (9 ops). Run on the sim's fake disk and, for scale, on the real disk adapter.
import type { FileSystem } from '../core/ports';

export interface FsMixResult {
  readonly ops: number;
  readonly wallMs: number;
  readonly opsPerSec: number;
}

const DOC = 'x'.repeat(100);
const LINE = `${'y'.repeat(49)}\n`;

export async function runFsMix(fs: FileSystem, root: string, rounds: number): Promise<FsMixResult> {
  await fs.mkdir(`${root}/d`, { recursive: true });
  for (let i = 0; i < 20; i++) await fs.writeFile(`${root}/d/f${i}`, DOC);
  let ops = 0;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) {
    const target = `${root}/d/f${i % 20}`;
    await fs.writeFile(`${root}/d/tmp`, DOC);
    await fs.fsync(`${root}/d/tmp`);
    await fs.rename(`${root}/d/tmp`, target);
    await fs.fsync(`${root}/d`);
    await fs.appendFile(`${root}/d/log${i % 4}`, LINE);
    await fs.readFile(`${root}/d/f${(i * 7) % 20}`);
    await fs.readdir(`${root}/d`);
    await fs.stat(target);
    await fs.fsync(`${root}/d/log${i % 4}`);
    ops += 9;
  }
  const wallMs = performance.now() - t0;
  return { ops, wallMs, opsPerSec: Math.round((ops / wallMs) * 1000) };
}
