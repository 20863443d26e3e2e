/**
 * What every fuzz test shares: the seed (fixed, overridable with FUZZ_SEED so a failure can be
 * replayed), a per-case time bound that works as a hang detector, and the case counter printed
 * at the end of each file.
 *
 * A case that never settles is caught by a timer; a case that blocks the event loop for good
 * cannot be caught by any timer on this thread, so a watchdog thread ends the process (and with
 * it the test file, which then fails) and names the case on stderr.
 */
import { after } from 'node:test';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';

export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20260917;
if (!Number.isInteger(FUZZ_SEED)) throw new Error(`FUZZ_SEED must be an integer, not ${process.env.FUZZ_SEED}`);

/** A single case slower than this fails: far above any honest case, so it only flags hangs. */
export const CASE_LIMIT_MS = 5000;
/** A case that has blocked the thread this long is a hang for sure: the watchdog ends the run. */
const WATCHDOG_MS = 30000;

const WATCHDOG_SOURCE = `
const { parentPort } = require('node:worker_threads');
let timer;
parentPort.on('message', (m) => {
  clearTimeout(timer);
  if (m.type !== 'start') return;
  timer = setTimeout(() => {
    process.stderr.write('fuzz watchdog: a case blocked the event loop for ' + m.limit + ' ms (seed ' + m.seed + '): ' + m.label + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }, m.limit);
});
`;

let watchdog: Worker | undefined;
function watch(message: { type: 'start'; label: string } | { type: 'end' }): void {
  if (!watchdog) {
    watchdog = new Worker(WATCHDOG_SOURCE, { eval: true });
    watchdog.unref();
  }
  watchdog.postMessage(message.type === 'start' ? { ...message, limit: WATCHDOG_MS, seed: FUZZ_SEED } : message);
}

let cases = 0;
let slowest = 0;

/** Short, printable description of an input for failure messages. */
export function describeInput(text: string): string {
  const shown = text.length > 300 ? `${text.slice(0, 200)}… (${text.length} chars) …${text.slice(-60)}` : text;
  return JSON.stringify(shown);
}

/**
 * Runs one case under the time bound. Rejects when the case does not settle within the bound
 * or when it settled but took longer than the bound; passes through the case's own result.
 */
export async function timed<T>(label: string, run: () => Promise<T> | T): Promise<T> {
  cases++;
  watch({ type: 'start', label: label.slice(0, 2000) });
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const bound = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`case did not settle within ${CASE_LIMIT_MS} ms: ${label}`)), CASE_LIMIT_MS);
    });
    const result = await Promise.race([Promise.resolve().then(run), bound]);
    const took = performance.now() - started;
    slowest = Math.max(slowest, took);
    if (took > CASE_LIMIT_MS) throw new Error(`case took ${Math.round(took)} ms (bound ${CASE_LIMIT_MS} ms): ${label}`);
    return result;
  } finally {
    clearTimeout(timer);
    watch({ type: 'end' });
  }
}

/**
 * Total generated inputs asked for with `npm run fuzz -- --cases N`; every property gets its
 * share in proportion to its default count. Unset: the defaults, which sum to DEFAULT_RUNS.
 */
const FUZZ_CASES = process.env.FUZZ_CASES ? Number(process.env.FUZZ_CASES) : undefined;
if (FUZZ_CASES !== undefined && !(Number.isInteger(FUZZ_CASES) && FUZZ_CASES > 0)) throw new Error(`FUZZ_CASES must be a positive integer, not ${process.env.FUZZ_CASES}`);
/** Sum of the numRuns every property of test/unit/fuzz passes to params(). */
export const DEFAULT_RUNS = 1670;

/** fast-check parameters: the shared seed and a bounded number of runs. */
export function params(numRuns: number): fc.Parameters<unknown> {
  return { seed: FUZZ_SEED, numRuns: FUZZ_CASES === undefined ? numRuns : Math.max(1, Math.round((numRuns * FUZZ_CASES) / DEFAULT_RUNS)) };
}

/** Prints the case count once per test file, so it shows in the test output. */
export function reportCases(name: string): void {
  const started = performance.now();
  after(() => {
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`fuzz: ${cases} cases, seed ${FUZZ_SEED} (${name}, ${seconds} s, slowest case ${Math.round(slowest)} ms)`);
  });
}
