/** Runs the CLI in-process and captures stdout, stderr and the exit code. */
import { main } from '../../../src/cli';

export interface CliResult { code: number; out: string; err: string }

export async function runCli(...argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => { err += String(chunk); return true; }) as typeof process.stderr.write;
  try {
    const code = await main(argv, (s) => { out += s + '\n'; });
    return { code, out, err };
  } finally {
    process.stderr.write = write;
  }
}

/** A stack trace line, as Node prints them. */
export const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;
