// Mutation testing of core/ (npm run mutate). Only test/core and test/guard run, through their own
// vitest config (stryker.config.vitest.mjs), so a run stays tractable on two shared cores.
// AWSIM_MUTATE_PART=common|replay|governance|events limits a run to one part of the core, with its
// own report and incremental file, so a part's survivors can be read while the next part runs.
const part = process.env.AWSIM_MUTATE_PART;
const parts = ['common', 'replay', 'governance', 'events'];
if (part !== undefined && !parts.includes(part)) {
  throw new Error(`AWSIM_MUTATE_PART=${JSON.stringify(part)} is not one of ${parts.join(', ')}`);
}
const root = part === undefined ? 'core' : `core/${part}`;
const out = part === undefined ? 'reports/mutation' : `reports/mutation/${part}`;
// AWSIM_MUTATE_SCRATCH=<name>: a quick check of a few files (`--mutate core/x.ts`) next to a full
// run: own sandbox directory, no incremental file, clear-text report only.
const scratch = process.env.AWSIM_MUTATE_SCRATCH;

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'stryker.config.vitest.mjs', related: true },
  mutate: [`${root}/**/*.ts`, '!core/index.ts', '!core/exports-*.ts', '!core/**/README*'],
  // Low by default so other work can go on; raise with --concurrency.
  concurrency: 1,
  coverageAnalysis: 'perTest',
  checkers: [],
  ignoreStatic: true,
  timeoutMS: 20000,
  timeoutFactor: 2,
  reporters: scratch === undefined ? ['clear-text', 'progress-append-only', 'json', 'html'] : ['clear-text'],
  jsonReporter: { fileName: `${out}/mutation.json` },
  htmlReporter: { fileName: `${out}/mutation.html` },
  // Never copy another run's sandbox into this one.
  ignorePatterns: ['/.stryker-tmp*', '/reports'],
  tempDirName: scratch === undefined ? '.stryker-tmp' : `.stryker-tmp-${scratch}`,
  cleanTempDir: true,
  // Later runs re-test only mutants whose code or tests changed (file written at the end of a run).
  incremental: scratch === undefined,
  incrementalFile: `${out}/stryker-incremental.json`,
  thresholds: { high: 85, low: 70, break: null },
};
