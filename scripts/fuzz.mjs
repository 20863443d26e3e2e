// `npm run fuzz -- --cases N [--seed S]`: the fuzz tests of test/unit/fuzz with N generated inputs
// in all (shared among the properties as their default counts are) and a seed: --seed, else
// FUZZ_SEED, else a fresh random one. The seed is printed first, with the command that replays it.
import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';

const args = process.argv.slice(2);
function option(name) {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || !/^\d+$/.test(value)) {
    console.error(`fuzz: --${name} needs a whole number, as in npm run fuzz -- --${name} 1000`);
    process.exit(2);
  }
  return value;
}
const unknown = args.filter((a, i) => a.startsWith('--') && !['--cases', '--seed'].includes(a) && !['--cases', '--seed'].includes(args[i - 1]));
if (unknown.length) {
  console.error(`fuzz: unknown option ${unknown[0]} (known: --cases N, --seed S)`);
  process.exit(2);
}
const cases = option('cases');
const seed = option('seed') ?? process.env.FUZZ_SEED ?? String(randomInt(1, 2 ** 31 - 1));
const replay = `FUZZ_SEED=${seed} npm run fuzz${cases ? ` -- --cases ${cases}` : ''}`;
console.log(`fuzz seed ${seed}${cases ? `, ${cases} generated inputs` : ''} (replay: ${replay})`);

const started = Date.now();
const env = { ...process.env, FUZZ_SEED: seed, ...(cases ? { FUZZ_CASES: cases } : {}) };
const child = spawn(process.execPath, ['scripts/runTests.mjs', 'test/unit/fuzz'], { stdio: 'inherit', env });
child.on('close', (code) => {
  console.log(`fuzz seed ${seed}: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s (replay: ${replay})`);
  process.exit(code ?? 1);
});
