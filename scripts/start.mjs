// The main job: build and package the .vsix, analyze examples/ with the CLI, then run every
// example twice (cold, then warm) against the built-in Bedrock emulator and print the usage.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.prompt') && !f.startsWith('_')).map((f) => join('examples', f));

function step(title, command, args, options = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0 && !options.allowFailure) {
    console.error(`${title} failed (exit ${result.status})`);
    process.exit(result.status ?? 1);
  }
  return result.status;
}

step('package the extension', 'npm', ['run', '--silent', 'package']);
const vsix = join(root, 'dist', 'prompt-cache-studio.vsix');
console.log(`packaged ${vsix.slice(root.length)} (${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB)`);
step('build the CLI and the emulator', 'node', ['scripts/build.mjs']);
step('analyze examples/', 'node', ['dist/cli.js', 'analyze', ...examples]);

console.log('\n=== run examples against the Bedrock emulator (cold, then warm, until the cache pays off) ===');
const emulator = spawn('node', ['dist/emulator.js', '--port', '0'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  let buffer = '';
  emulator.stdout.on('data', (chunk) => {
    buffer += chunk;
    const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffer);
    if (match) resolve(match[1]);
  });
  emulator.on('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
});
// Fake credentials: the emulator checks that requests are signed, not who signed them.
// The SDK's notice about Node 20 support ending is not news in a demo run.
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEEMULATOR', AWS_SECRET_ACCESS_KEY: 'emulator-secret', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
let failed = 0;
for (const file of examples) {
  // Enough calls for the cache to pay off: a 1-hour write costs 2× input once, so it is paid back
  // from the third call; a 5-minute write (1.25×) from the second. The run table's "saved so far"
  // row and its payoff line show it.
  const times = /^cache\.ttl:\s*1h/m.test(readFileSync(join(root, file), 'utf8')) ? 3 : 2;
  const status = step(`run ${file} ×${times}`, 'node', ['dist/cli.js', 'run', file, '--endpoint', url, '--times', String(times)], { env, allowFailure: true });
  if (status !== 0) failed++;
}
emulator.kill('SIGTERM');
process.exit(failed === 0 ? 0 : 1);
