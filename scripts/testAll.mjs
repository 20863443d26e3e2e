// Runs every test tier in order, prints each tier's time and counts, and ends with one
// "N passed, N failed" line summing all tiers. A tier is an npm script; tiers whose script does
// not exist yet are listed as absent rather than silently ignored.
//
// `node scripts/testAll.mjs [TIER...] [--node22=TIER,TIER]`: names limit the run to those tiers;
// --node22 runs the listed tiers once more on Node.js 22 (from the npm registry, see node22.mjs)
// when the running Node.js is older, counted in the same summary. CI passes --node22=unit,emulator.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentNodeMajor, ensureNode22 } from './node22.mjs';

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
const args = process.argv.slice(2);
const only = args.filter((arg) => !arg.startsWith('--'));
const node22Flag = args.find((arg) => arg.startsWith('--node22='));
const node22Tiers = node22Flag ? node22Flag.slice('--node22='.length).split(',').filter(Boolean) : [];
for (const name of [...only, ...node22Tiers]) {
  if (!tiers.some((tier) => tier.name === name)) {
    console.error(`unknown tier "${name}"; tiers: ${tiers.map((tier) => tier.name).join(', ')}`);
    process.exit(2);
  }
}

function run(script, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** Runs one tier (through `env`'s PATH, so its `node` is that PATH's) and adds its counts to the summary. */
async function runTier(tier, label, env) {
  if (!scripts[tier.script]) { summary.push(`${label.padEnd(12)} absent (no npm script ${tier.script})`); return; }
  const node = env === process.env ? '' : ` on Node.js ${spawnSync('node', ['--version'], { env, encoding: 'utf8' }).stdout.trim()}`;
  console.log(`\n=== ${label} (npm run ${tier.script}${node}) ===`);
  const started = Date.now();
  const { code, out } = await run(tier.script, env);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let c = tier.kind === 'check' ? { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 } : counts(out);
  if (!c) c = { passed: 0, failed: 1 };
  // A runner that exits non-zero without reporting a failure still failed.
  if (code !== 0 && c.failed === 0) c.failed = 1;
  passed += c.passed;
  failed += c.failed;
  summary.push(`${label.padEnd(12)} ${String(c.passed).padStart(4)} passed ${String(c.failed).padStart(3)} failed  ${seconds.padStart(6)} s  exit ${code}`);
}

for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  await runTier(tier, tier.name, process.env);
}

if (node22Tiers.length && currentNodeMajor() >= 22) {
  summary.push(`node 22      not needed: these tiers already ran on Node.js ${process.versions.node}`);
} else if (node22Tiers.length) {
  let bin;
  try {
    bin = ensureNode22(fileURLToPath(new URL('..', import.meta.url)));
  } catch (error) {
    console.error(error.message);
    failed += 1;
    summary.push(`node 22      could not be installed: ${error.message.split('\n')[0]}`);
  }
  if (bin) {
    const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` };
    for (const tier of tiers) if (node22Tiers.includes(tier.name)) await runTier(tier, `${tier.name}@22`, env);
  }
}
console.log('\n=== summary ===');
for (const line of summary) console.log(line);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
