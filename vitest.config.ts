import { defineConfig } from 'vitest/config';
import CountReporter from './test/support/countReporter';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Two cores: forks keep workers isolated; properties are bounded per file.
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    reporters: ['default', new CountReporter()],
  },
});
