// `npm run sim -- [list | run ... | replay <trace>]`: see USAGE in args.ts.
import { parseArgs, USAGE, UsageError } from './args';
import { execute, type Io } from './commands';
import { TraceInputError } from './traceFile';

export async function main(argv: readonly string[], io: Io, env: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  try {
    return await execute(parseArgs(argv, env), io, USAGE);
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
