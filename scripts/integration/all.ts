// `npm run test:integration`: the integration suite in both workbench modes, one after the other
// (run.ts each time, in its own code-server and browser): trusted on test/fixtures/workspace, then
// untrusted (restricted mode) on test/fixtures/untrusted. Each mode's count line is labelled with
// its mode and one combined "N passed, N failed" line comes last.
//
// PROMPT_CACHE_TEST_TRUST set by the caller runs that mode only. Exit code: 2 if a mode could not
// be set up (the other is not tried), else 124 if one timed out, else 1 on any failure, else 0.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

type Mode = 'trusted' | 'untrusted';

const COUNT_LINE = /^(\d+) passed, (\d+) failed/;

interface ModeResult { mode: Mode; code: number; passed: number; failed: number; counted: boolean; seconds: number }

function runMode(mode: Mode): Promise<ModeResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'run.ts')], {
      env: { ...process.env, PROMPT_CACHE_TEST_TRUST: mode },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const result: ModeResult = { mode, code: 1, passed: 0, failed: 0, counted: false, seconds: 0 };
    // The mode's own count line is relabelled, so that only the combined line reads as the total.
    createInterface({ input: child.stdout }).on('line', (line) => {
      const counts = COUNT_LINE.exec(line);
      if (counts) {
        result.passed = Number(counts[1]);
        result.failed = Number(counts[2]);
        result.counted = true;
        process.stdout.write(`${mode}: ${line}\n`);
      } else {
        process.stdout.write(`${line}\n`);
      }
    });
    child.on('close', (code, signal) => {
      result.code = code ?? (signal ? 1 : 0);
      result.seconds = (Date.now() - started) / 1000;
      resolve(result);
    });
  });
}

async function main(): Promise<number> {
  const requested = process.env.PROMPT_CACHE_TEST_TRUST;
  const modes: Mode[] = requested === 'trusted' || requested === 'untrusted' ? [requested] : ['trusted', 'untrusted'];
  const results: ModeResult[] = [];
  for (const mode of modes) {
    if (modes.length > 1) console.log(`\n--- integration, ${mode} workspace ---`);
    const result = await runMode(mode);
    results.push(result);
    if (result.code === 2) break;
  }
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    passed += r.passed;
    // A mode that failed without counting a failed test (setup, timeout, crash) still failed.
    failed += r.failed + (r.code !== 0 && r.failed === 0 ? 1 : 0);
    if (modes.length > 1) console.log(`${r.mode}: exit ${r.code} in ${r.seconds.toFixed(1)} s`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  const codes = results.map((r) => r.code);
  if (codes.includes(2)) return 2;
  if (codes.includes(124)) return 124;
  return codes.some((c) => c !== 0) || results.length < modes.length ? 1 : 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error);
  process.exit(1);
});
