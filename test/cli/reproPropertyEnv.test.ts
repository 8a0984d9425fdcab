// test/support/propertyEnv.ts: AWSIM_SEED / AWSIM_RUNS, and repro output of failing scenario properties.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioWithOptions } from '../../cli/reproScenario';
import { main } from '../../cli/sim';
import { findScenario } from '../../scenarios/index';
import { pipelineWorkloadArb } from '../support/pipelineProperties';
import { fastCheckSeed, propertyEnv, PropertyEnvError, readPropertyEnv } from '../support/propertyEnv';

const selftest = findScenario('kernel-selftest')!;
const FILE = 'test/cli/reproPropertyEnv.test.ts';

describe('property env (AWSIM_SEED, AWSIM_RUNS)', () => {
  it('takes a decimal seed or a git SHA, and the number of runs', () => {
    expect(readPropertyEnv({ file: FILE, defaultRuns: 5 }, { AWSIM_SEED: '42', AWSIM_RUNS: '7' })).toEqual({ seedText: '42', runs: 7 });
    expect(readPropertyEnv({ file: FILE, defaultRuns: 5 }, { AWSIM_SEED: '52ad553' })).toEqual({ seedText: String(0x52ad553), runs: 5 });
    const sha = 'e596e6a0c1b2d3e4f5a6b7c8d9e0f1a2b3c4d5e6';
    expect(readPropertyEnv({ file: FILE, defaultRuns: 5 }, { AWSIM_SEED: sha }).seedText).toBe(BigInt(`0x${sha}`).toString());
    expect(fastCheckSeed(BigInt(`0x${sha}`).toString())).toBe(fastCheckSeed(BigInt(`0x${sha}`).toString()));
    expect(Number.isInteger(fastCheckSeed('123456789012345678901234567890'))).toBe(true);
  });

  it('without AWSIM_SEED uses the given default, else a fresh seed it can print', () => {
    expect(readPropertyEnv({ file: FILE, defaultRuns: 3, defaultSeed: '9' }, {}).seedText).toBe('9');
    expect(readPropertyEnv({ file: FILE, defaultRuns: 3 }, {}).seedText).toMatch(/^\d+$/);
  });

  it.each([
    [{ AWSIM_SEED: 'banana' }, /AWSIM_SEED must be .*'banana'/],
    [{ AWSIM_RUNS: '0' }, /AWSIM_RUNS must be a positive integer, got '0'/],
    [{ AWSIM_RUNS: 'many' }, /AWSIM_RUNS must be a positive integer, got 'many'/],
  ])('rejects %j naming the variable', (env, message) => {
    expect(() => readPropertyEnv({ file: FILE, defaultRuns: 3 }, env)).toThrow(PropertyEnvError);
    expect(() => readPropertyEnv({ file: FILE, defaultRuns: 3 }, env)).toThrow(message);
  });

  it('gives fast-check its seed and runs, and titles carry the seed', () => {
    const env = propertyEnv({ file: FILE, defaultRuns: 3 }, { AWSIM_SEED: '77', AWSIM_RUNS: '4' });
    expect(env.params()).toMatchObject({ seed: 77, numRuns: 4 });
    expect(env.tag).toBe('AWSIM_SEED=77 AWSIM_RUNS=4');
    expect(env.command).toBe(`AWSIM_SEED=77 AWSIM_RUNS=4 npx vitest run ${FILE}`);
  });
});

describe('a failing scenario property (kernel-selftest, original, seeds 1..3)', () => {
  it('prints the seed, the re-run command, the counterexample plan, and writes a replayable repro', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsim-penv-'));
    const env = propertyEnv({ file: FILE, defaultRuns: 3, reproDir: dir }, { AWSIM_SEED: '5' });
    const failure = await fc
      .assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 3 }), async (seed) => {
          env.expectHolds(await selftest.run(String(seed), { profile: 'original', trace: { mode: 'off' } }));
        }),
        env.params(),
      )
      .then(() => null, (e: Error) => e.message);
    expect(failure).not.toBeNull();
    const text = failure as string;
    expect(text.split('\n')[0]).toMatch(/^property failed \(AWSIM_SEED=5, fast-check seed 5, path \S+\)$/);
    expect(text).toContain(`re-run:  AWSIM_SEED=5 AWSIM_RUNS=3 npx vitest run ${FILE}`);
    expect(text).toMatch(/seed: {4}npm run sim -- run --scenario kernel-selftest --seed 1 --profile original/);
    expect(text).toMatch(/plan: {4}\{"version":1/);
    const path = /replay: {2}npm run sim -- replay (\S+)/.exec(text)?.[1];
    expect(path !== undefined && existsSync(path)).toBe(true);
    expect(JSON.parse(readFileSync(path!, 'utf8'))).toMatchObject({ scenario: 'kernel-selftest', seed: '1', profile: 'original', expected: 'violation' });
    const out: string[] = [];
    expect(await main(['replay', path!], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(1);
    expect(out.join('\n')).toMatch(/reproduces: SAFETY violation/);
  });
});

describe('a failing scenario property that draws the workload (lease-contention, original, seeds 2..3)', () => {
  it('writes the shrunk counterexample with its workload as scenarioOptions, and the replay reproduces it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'awsim-penv-'));
    const env = propertyEnv({ file: FILE, defaultRuns: 4, reproDir: dir }, { AWSIM_SEED: '3' });
    const workloadArb = pipelineWorkloadArb({ reportsPerTargetMax: 10, workloadUntilMs: 1800, outageMsMin: 250, outageMsMax: 600 });
    const failure = await fc
      .assert(
        fc.asyncProperty(fc.integer({ min: 2, max: 3 }), workloadArb, async (seed, workload) => {
          env.expectHolds(await scenarioWithOptions('lease-contention', workload).run(String(seed), { profile: 'original', trace: { mode: 'off' } }), workload);
        }),
        env.params(),
      )
      .then(() => null, (e: Error) => e.message);
    expect(failure).not.toBeNull();
    const text = failure as string;
    const printed = /^ {2}options: (.*)$/m.exec(text)?.[1];
    expect(printed).toBeDefined();
    const path = /replay: {2}npm run sim -- replay (\S+) {3}\(the counterexample's own plan and workload\)/.exec(text)?.[1];
    const repro = JSON.parse(readFileSync(path!, 'utf8'));
    expect(repro).toMatchObject({ scenario: 'lease-contention', profile: 'original', scenarioOptions: JSON.parse(printed!) });
    expect(Object.keys(repro)).toEqual(['format', 'scenario', 'seed', 'profile', 'invariant', 'expected', 'options', 'scenarioOptions', 'plan', 'planHash']);
    const out: string[] = [];
    expect(await main(['replay', path!], { out: (l) => out.push(l), err: (l) => out.push(l) })).toBe(1);
    expect(out.join('\n')).toMatch(/reproduces: SAFETY violation/);
  });
});
