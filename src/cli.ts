/**
 * Command-line front end over the same core as the extension, for CI and scripting.
 * Exit codes: 0 no error findings, 1 error findings (or a failed run, or a changed locked prefix), 2 usage errors
 * (or a Node.js older than package.json's engines.node).
 */
// First: checks the Node.js version before anything else is loaded.
import './cli/requireNode';
import { ANALYZE_USAGE, CHECK_USAGE, COMPARE_USAGE, COUNT_USAGE, EXPORT_USAGE, LOCK_USAGE, PROBE_USAGE, RESPONSE_CACHE_USAGE, RUN_USAGE } from './cli/usages';
import { UsageError } from './cli/usageError';
import { useRankFileIn } from './node/rankFile';

type Run = (argv: string[], out: (s: string) => void) => Promise<number>;
type Command = { usage: string; load: () => Promise<Run> };

// Each command is loaded when it is called, and the ones that call Bedrock come from a bundle of
// their own (scripts/build.mjs): `analyze` neither compiles nor loads the AWS SDK, which would
// double the start of the process.
const commands: Record<string, Command> = {
  analyze: { usage: ANALYZE_USAGE, load: async () => (await import('./cli/analyzeCommand')).analyzeCommand },
  run: { usage: RUN_USAGE, load: async () => (await import('./cli/awsCommands')).runCommand },
  count: { usage: COUNT_USAGE, load: async () => (await import('./cli/awsCommands')).countCommand },
  export: { usage: EXPORT_USAGE, load: async () => (await import('./cli/exportCommand')).exportCommand },
  lock: { usage: LOCK_USAGE, load: async () => (await import('./cli/lockCommand')).lockCommand },
  check: { usage: CHECK_USAGE, load: async () => (await import('./cli/checkCommand')).checkCommand },
  probe: { usage: PROBE_USAGE, load: async () => { const { probeCommand } = await import('./cli/awsCommands'); return (argv, out) => probeCommand(argv, out); } },
  'response-cache': { usage: RESPONSE_CACHE_USAGE, load: async () => (await import('./cli/responseCacheCommand')).responseCacheCommand },
  compare: { usage: COMPARE_USAGE, load: async () => (await import('./cli/awsCommands')).compareCommand },
};

function usage(): string {
  return ['Usage: prompt-cache <command> [options]', ...Object.values(commands).map((c) => `  ${c.usage}`)].join('\n');
}

export async function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    out(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`prompt-cache: unknown command "${name}"\n${usage()}\n`);
    return 2;
  }
  try {
    return await (await command.load())(rest, out);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`prompt-cache ${name}: ${(error as Error).message}\n`);
      return 2;
    }
    // Never a stack trace: the message names what went wrong; PROMPT_CACHE_DEBUG=1 shows the stack.
    const detail = process.env.PROMPT_CACHE_DEBUG ? (error as Error).stack : (error as Error).message;
    process.stderr.write(`prompt-cache ${name}: ${detail ?? String(error)}\n`);
    return 1;
  }
}

/**
 * A reader that exits early (`prompt-cache analyze … --json | head -1`) closes the pipe: stop
 * quietly, as Unix tools do, instead of an unhandled EPIPE error with a stack trace.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream, exit: (code: number) => void = (code) => process.exit(code)): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') exit(0);
    else {
      process.stderr.write(`prompt-cache: cannot write output: ${error.message}\n`);
      exit(1);
    }
  });
}

/** Runs the command in process.argv; `bundleDir` holds the tokenizer's packed ranks (scripts/build.mjs). */
export function startCli(bundleDir: string): void {
  exitQuietlyOnClosedPipe(process.stdout);
  useRankFileIn(bundleDir);
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: Error) => {
    process.stderr.write(`prompt-cache: ${error.message}\n`);
    process.exitCode = 1;
  });
}

// dist/cli.js starts the bundle through src/cli/codeCacheLauncher.ts; run directly, it starts itself.
if (require.main === module) startCli(__dirname);
