/**
 * Time to first token and total time of a run through the product against the bare SDK call for
 * the same request (bench/runPairs.ts, bundled as the CLI is built). The emulator serves from a
 * process of its own, as Bedrock does from a machine of its own, so its work does not share a
 * thread with the client's. Target: product / SDK ≤ 1.05, read as the median of per-pair ratios
 * with its confidence interval, since one run's medians alone swing by several percent on a busy
 * machine. Runnable alone after `npm run build`: `node --import tsx bench/runBench.ts`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchLine } from './analysisBench';
import { bundled } from './bundled';
import type { PairTimes, Timing } from './runPairs';
import { startEmulatorProcess } from '../scripts/integration/emulator';

const ROOT = join(__dirname, '..');

const PROMPT = `---
model: us.anthropic.claude-sonnet-4-5-20250929-v1:0
config:
  maxOutputTokens: 400
---
{{role "system"}}
${Array.from({ length: 150 }, (_, i) => `Rule ${i}: answer only from the contract and quote the clause you rely on.`).join('\n')}
{{cachePoint}}
{{role "user"}}
Question: {{q}}
`;

/**
 * Median of per-pair ratios with a distribution-free 95% confidence interval (order statistics of
 * the sign test): when the whole interval sits below 1.05, the overhead is really under target.
 */
function pairedRatio(ours: number[], raw: number[]): { median: number; low: number; high: number } {
  const ratios = ours.map((v, i) => v / raw[i]).sort((a, b) => a - b);
  const n = ratios.length;
  const half = 1.96 * Math.sqrt(n) / 2;
  const low = Math.max(0, Math.floor(n / 2 - half));
  const high = Math.min(n - 1, Math.ceil(n / 2 + half));
  return { median: median(ratios), low: ratios[low], high: ratios[high] };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The pairs process; its JSON line. */
function pairTimes(outfile: string, url: string, file: string, pairs: number): Promise<PairTimes> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [outfile, url, file, String(pairs)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => { out += String(chunk); });
    child.stderr.on('data', (chunk: Buffer) => { err += String(chunk); });
    child.once('exit', (code) => code === 0 ? resolve(JSON.parse(out) as PairTimes) : reject(new Error(`run bench failed: ${err.slice(0, 500)}`)));
  });
}

export async function runBench(pairs = 1000, frameDelayMs = 2): Promise<BenchLine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-run-bench-'));
  const file = join(dir, 'bench.prompt');
  writeFileSync(file, PROMPT);
  const outfile = await bundled('runPairs.ts');
  // The built emulator (dist/emulator.js), as the integration suite starts it.
  const emulator = await startEmulatorProcess(ROOT, join(dir, 'emulator.log'));
  try {
    // Frames spaced like a real model's output, so totals are dominated by streaming, as in use.
    const fault = await fetch(`${emulator.url}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'slowStream', delayMs: frameDelayMs }) });
    if (!fault.ok) throw new Error(`the emulator refused the slow-stream rule: ${fault.status}`);
    const times = await pairTimes(outfile, emulator.url, file, pairs);
    const of = (arm: Timing[], key: keyof Timing) => arm.map((t) => t[key]);
    const first = pairedRatio(of(times.product, 'first'), of(times.sdk, 'first'));
    const total = pairedRatio(of(times.product, 'total'), of(times.sdk, 'total'));
    const fresh = pairedRatio(of(times.newInput, 'first'), of(times.sdk, 'first'));
    const freshTotal = pairedRatio(of(times.newInput, 'total'), of(times.sdk, 'total'));
    const ci = (r: { low: number; high: number }) => `95% CI ${r.low.toFixed(3)}–${r.high.toFixed(3)}, ${pairs} interleaved pairs`;
    return [
      { name: 'time to first token: product (median)', value: median(of(times.product, 'first')), unit: 'ms' },
      { name: 'time to first token: raw SDK (median)', value: median(of(times.sdk, 'first')), unit: 'ms' },
      { name: 'time to first token: product / SDK', value: first.median, unit: '×', target: '≤ 1.05', baseline: ci(first) },
      { name: 'total run time: product (median)', value: median(of(times.product, 'total')), unit: 'ms' },
      { name: 'total run time: raw SDK (median)', value: median(of(times.sdk, 'total')), unit: 'ms' },
      { name: 'total run time: product / SDK', value: total.median, unit: '×', target: '≤ 1.05', baseline: ci(total) },
      // A new question each run: the request is rendered and built anew (the analysis is reused).
      { name: 'first token, new input each run / SDK', value: fresh.median, unit: '×', baseline: `contrast: ${ci(fresh)}` },
      { name: 'total, new input each run / SDK', value: freshTotal.median, unit: '×', baseline: `contrast: ${ci(freshTotal)}` },
    ];
  } finally {
    emulator.stop();
  }
}

if (require.main === module) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  runBench().then((lines) => {
    for (const l of lines) console.log(`${l.name.padEnd(44)} ${`${l.value.toFixed(l.unit === '×' ? 3 : 1)} ${l.unit}`.padStart(12)}  ${l.target ? `target ${l.target}` : ''}${l.baseline ? `  (${l.baseline})` : ''}`);
  }, (error: unknown) => { console.error(error); process.exitCode = 1; });
}
