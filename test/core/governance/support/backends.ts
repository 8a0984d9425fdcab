// The two file systems every file store is proven against: the in-memory fake and a real
// temporary directory through the production adapter.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { createNodeFileSystem } from '../../../../adapters/nodeFileSystem';
import type { FileSystem } from '../../../../core/ports';
import { createMemoryFs } from './memoryFs';

export interface Backend {
  readonly name: string;
  make(): { fs: FileSystem; root: string; read(path: string): Promise<string | null> };
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const readOrNull = async (fs: FileSystem, p: string): Promise<string | null> => {
  try {
    return await fs.readFile(p);
  } catch {
    return null;
  }
};

export const BACKENDS: readonly Backend[] = [
  {
    name: 'fake fs',
    make: () => {
      const fs = createMemoryFs();
      return { fs, root: '/data/gov', read: (p) => readOrNull(fs, p) };
    },
  },
  {
    name: 'real temp dir',
    make: () => {
      const dir = mkdtempSync(join(tmpdir(), 'awsim-gov-'));
      tempDirs.push(dir);
      const fs = createNodeFileSystem();
      return { fs, root: join(dir, 'gov'), read: (p) => readOrNull(fs, p) };
    },
  },
];
