// Runs every test tier in order, prints each tier's time and counts, and ends with one
// "N passed, N failed" line summing all tiers. A tier is an npm script; tiers whose script does
// not exist yet are listed as absent rather than silently ignored.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const tiers = [
  { name: 'lint', script: 'lint', kind: 'check' },
  { name: 'typecheck', script: 'typecheck', kind: 'check' },
  { name: 'build', script: 'build', kind: 'check' },
  { name: 'unit', script: 'test:unit' },
  // The unit tier fuzzes with the fixed seed; this one with a fresh seed each run (printed, and
  // replayable with FUZZ_SEED), so every run explores new inputs.
  { name: 'fuzz', script: 'fuzz' },
  { name: 'grammar', script: 'test:grammar' },
  { name: 'emulator', script: 'test:emulator' },
  { name: 'webview', script: 'test:webview' },
  { name: 'integration', script: 'test:integration' },
];

const scripts = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).scripts;
const only = process.argv.slice(2);

function run(script) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const tee = (stream, sink) => stream.on('data', (chunk) => { out += chunk; sink.write(chunk); });
    tee(child.stdout, process.stdout);
    tee(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

/** Reads a tier's own counts: node:test's summary, or a plain "N passed, N failed" line. */
function counts(out) {
  const plain = [...out.matchAll(/^(?:[\w-]+: )?(\d+) passed, (\d+) failed/gm)].at(-1);
  if (plain) return { passed: Number(plain[1]), failed: Number(plain[2]) };
  const pass = [...out.matchAll(/^[ℹ#] pass (\d+)/gm)].at(-1);
  const fail = [...out.matchAll(/^[ℹ#] fail (\d+)/gm)].at(-1);
  if (pass || fail) return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0) };
  return undefined;
}

const summary = [];
let passed = 0;
let failed = 0;
for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  if (!scripts[tier.script]) { summary.push(`${tier.name.padEnd(12)} absent (no npm script ${tier.script})`); continue; }
  console.log(`\n=== ${tier.name} (npm run ${tier.script}) ===`);
  const started = Date.now();
  const { code, out } = await run(tier.script);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let c = tier.kind === 'check' ? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 } : counts(out);
  if (!c) c = { passed: 0, failed: 1 };
  // A runner that exits non-zero without reporting a failure still failed.
  if (code !== 0 && c.failed === 0) c.failed = 1;
  passed += c.passed;
  failed += c.failed;
  summary.push(`${tier.name.padEnd(12)} ${String(c.passed).padStart(4)} passed ${String(c.failed).padStart(3)} failed  ${seconds.padStart(6)} s  exit ${code}`);
}
console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
