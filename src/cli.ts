/**
 * Command-line front end over the same core as the extension, for CI and scripting.
 * Exit codes: 0 no error findings, 1 error findings (or a failed run, or a changed locked prefix), 2 usage errors
 * (or a Node.js older than package.json's engines.node).
 */
// First: checks the Node.js version before anything else is loaded.
import './cli/requireNode';
import { analyzeCommand, ANALYZE_USAGE } from './cli/analyzeCommand';
import { countCommand, COUNT_USAGE } from './cli/countCommand';
import { runCommand, RUN_USAGE } from './cli/runCommand';
import { exportCommand, EXPORT_USAGE } from './cli/exportCommand';
import { lockCommand, LOCK_USAGE } from './cli/lockCommand';
import { checkCommand, CHECK_USAGE } from './cli/checkCommand';
import { probeCommand, PROBE_USAGE } from './cli/probeCommand';
import { responseCacheCommand, RESPONSE_CACHE_USAGE } from './cli/responseCacheCommand';
import { compareCommand, COMPARE_USAGE } from './cli/compareCommand';
import { UsageError } from './cli/usageError';

type Command = { usage: string; run: (argv: string[], out: (s: string) => void) => Promise<number> };

const commands: Record<string, Command> = {
  analyze: { usage: ANALYZE_USAGE, run: analyzeCommand },
  run: { usage: RUN_USAGE, run: runCommand },
  count: { usage: COUNT_USAGE, run: countCommand },
  export: { usage: EXPORT_USAGE, run: exportCommand },
  lock: { usage: LOCK_USAGE, run: lockCommand },
  check: { usage: CHECK_USAGE, run: checkCommand },
  probe: { usage: PROBE_USAGE, run: (argv, out) => probeCommand(argv, out) },
  'response-cache': { usage: RESPONSE_CACHE_USAGE, run: responseCacheCommand },
  compare: { usage: COMPARE_USAGE, run: compareCommand },
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
    return await command.run(rest, out);
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

if (require.main === module) {
  exitQuietlyOnClosedPipe(process.stdout);
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: Error) => {
    process.stderr.write(`prompt-cache: ${error.message}\n`);
    process.exitCode = 1;
  });
}
