// Command line: `node dist/emulator.js [--port N]` (or PORT=N). Serves until SIGINT/SIGTERM.
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

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: portFromArgs(process.argv.slice(2)), host: '127.0.0.1' });
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
