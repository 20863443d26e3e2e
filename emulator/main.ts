// Command line: `node dist/emulator.js [--port N] [--min-tokens ID=N] [--ttl1h ID=on|off]
// [--tools-point ID=on|off]` (or PORT=N, EMULATOR_MODEL_RULES='{"ID":{...}}'). Serves until SIGINT/SIGTERM.
import { rulesFromCommandLine, type ModelRuleSet } from './modelRules';
import { startEmulator } from './server';

function portFromArgs(argv: readonly string[]): number {
  const flag = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw = flag < 0 ? process.env.PORT : argv[flag].includes('=') ? argv[flag].split('=')[1] : argv[flag + 1];
  if (raw === undefined || raw === '') return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`Invalid port: ${raw}\n`);
    process.exit(2);
  }
  return port;
}

function rulesFromArgs(argv: readonly string[]): ModelRuleSet {
  try {
    return rulesFromCommandLine(argv, process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const emulator = await startEmulator({ port: portFromArgs(argv), host: '127.0.0.1', models: rulesFromArgs(argv) });
  const stop = () => {
    void emulator.close().then(() => process.exit(0));
  };
  // Handlers go in before the URL is printed: a caller may signal as soon as it reads the line.
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`Bedrock emulator listening on ${emulator.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
