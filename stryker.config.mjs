// Mutation testing of core/ (npm run mutate). Only test/core and test/guard run, through their own
// vitest config (stryker.config.vitest.mjs), so a run stays tractable on two shared cores.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.config.vitest.mjs', related: true },
  mutate: ['core/**/*.ts', '!core/index.ts', '!core/exports-*.ts', '!core/**/README*'],
  // Low by default so other work can go on; raise with --concurrency.
  concurrency: 1,
  coverageAnalysis: 'perTest',
  checkers: [],
  ignoreStatic: true,
  timeoutMS: 20000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Later runs re-test only mutants whose code or tests changed (file written at the end of a run).
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  thresholds: { high: 85, low: 70, break: null },
};
