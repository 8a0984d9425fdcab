// `npm run sim -- [list | run ... | replay <trace>]`: see USAGE in args.ts.
import { parseArgs, USAGE, UsageError } from './args';
import { execute, type Io } from './commands';
import { TraceInputError } from './traceFile';
import { sweepCommand } from './sweep';
import { SWEEP_USAGE } from './sweepArgs';
import { findingsCommand, FINDINGS_USAGE } from './findings';

/** Subcommands parsed by their own modules (they throw UsageError/TraceInputError for exit 2). */
const EXTRA_COMMANDS: Readonly<Record<string, (args: readonly string[], io: Io) => Promise<number>>> = {
  sweep: (args, io) => sweepCommand(args, io),
  findings: (args, io) => findingsCommand(args, io),
};
const REPLAY_REPRO_USAGE = `  replay <repro.json>      re-run a (shrunk) reproduction: exit 1 if it still violates its
                           invariant, 0 and 'no longer reproduces' if it holds now`;
const FULL_USAGE = USAGE.replace('\nexit codes', `\n${REPLAY_REPRO_USAGE}\n${SWEEP_USAGE}\n${FINDINGS_USAGE}\nexit codes`);

export async function main(argv: readonly string[], io: Io, env: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  try {
    const extra = argv[0] !== undefined && Object.hasOwn(EXTRA_COMMANDS, argv[0]) ? EXTRA_COMMANDS[argv[0]] : undefined;
    if (extra !== undefined) return await extra(argv.slice(1), io);
    return await execute(parseArgs(argv, env), io, FULL_USAGE);
  } catch (e) {
    if (e instanceof UsageError || e instanceof TraceInputError) {
      io.err(`awsim: ${e.message}`);
      if (e instanceof UsageError) io.err("(see 'npm run sim -- help')");
      return 2;
    }
    throw e;
  }
}

const invokedDirectly = process.argv[1] !== undefined && /cli[\\/]sim\.ts$/.test(process.argv[1]);
if (invokedDirectly) {
  // `npm run sim -- list | head`: a closed pipe is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  });
  const io: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };
  main(process.argv.slice(2), io, process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`awsim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
