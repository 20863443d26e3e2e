/**
 * Time to first token and total time of a run through the product (`runPrompt`: prepare,
 * render, build, stream, usage record) against the bare SDK call (ConverseStreamCommand and a
 * loop over the stream) for the same request on the same local emulator, interleaved so both see
 * the same conditions. Target: product / SDK ≤ 1.05, read as the median of per-pair ratios with its
 * confidence interval, since one run's medians alone swing by several percent on a busy machine. Runnable alone: `node --import tsx bench/runBench.ts`.
 */
import { ConverseStreamCommand, type ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockClientFactory } from '../src/aws/clientFactory';
import { preparePrompt } from '../src/node/promptPreparation';
import { runPrompt } from '../src/aws/promptRunner';
import { Analyzer } from '../src/core/analyzer';
import { startEmulator } from '../emulator/server';
import type { BenchLine } from './analysisBench';

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

export async function runBench(iterations = 200, frameDelayMs = 2): Promise<BenchLine[]> {
  const emulator = await startEmulator({ port: 0, host: '127.0.0.1' });
  // Frames spaced like a real model's output, so totals are dominated by streaming, as in use.
  emulator.faults.slowStream(frameDelayMs);
  const dir = mkdtempSync(join(tmpdir(), 'pcs-run-bench-'));
  const file = join(dir, 'bench.prompt');
  writeFileSync(file, PROMPT);
  const clients = new BedrockClientFactory();
  const settings = { region: 'us-east-1', endpoint: emulator.url, credentials: { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret' } };
  const handle = clients.get(settings);
  const analyzer = new Analyzer();
  const inputs = { q: 'Which clauses limit liability?' };
  const request = (await preparePrompt({ file, inputs, analyzer })).built.request as unknown as ConverseStreamCommandInput;

  const product = async () => {
    const t0 = performance.now();
    let first = 0;
    await runPrompt({ file, inputs, analyzer, clients, client: settings, onDelta: () => { first ||= performance.now() - t0; } });
    return { first, total: performance.now() - t0 };
  };
  const sdk = async () => {
    const t0 = performance.now();
    let first = 0;
    const response = await handle.client.send(new ConverseStreamCommand(request));
    for await (const event of response.stream ?? []) {
      if (event.contentBlockDelta?.delta?.text) first ||= performance.now() - t0;
    }
    return { first, total: performance.now() - t0 };
  };

  try {
    for (let i = 0; i < 5; i++) { await product(); await sdk(); }
    const p = { first: [] as number[], total: [] as number[] };
    const s = { first: [] as number[], total: [] as number[] };
    for (let i = 0; i < iterations; i++) {
      // Alternate which goes first so neither always runs on a warmer connection.
      let raw, ours;
      if (i % 2) { raw = await sdk(); ours = await product(); } else { ours = await product(); raw = await sdk(); }
      s.first.push(raw.first); s.total.push(raw.total);
      p.first.push(ours.first); p.total.push(ours.total);
    }
    const first = pairedRatio(p.first, s.first);
    const total = pairedRatio(p.total, s.total);
    const ci = (r: { low: number; high: number }) => `95% CI ${r.low.toFixed(3)}–${r.high.toFixed(3)}, ${iterations} interleaved pairs`;
    return [
      { name: 'time to first token: product (median)', value: median(p.first), unit: 'ms' },
      { name: 'time to first token: raw SDK (median)', value: median(s.first), unit: 'ms' },
      { name: 'time to first token: product / SDK', value: first.median, unit: '×', target: '≤ 1.05', baseline: ci(first) },
      { name: 'total run time: product (median)', value: median(p.total), unit: 'ms' },
      { name: 'total run time: raw SDK (median)', value: median(s.total), unit: 'ms' },
      { name: 'total run time: product / SDK', value: total.median, unit: '×', target: '≤ 1.05', baseline: ci(total) },
    ];
  } finally {
    clients.dispose();
    await emulator.close();
  }
}

if (require.main === module) {
  runBench().then((lines) => {
    for (const l of lines) console.log(`${l.name.padEnd(44)} ${`${l.value.toFixed(l.unit === '×' ? 3 : 1)} ${l.unit}`.padStart(12)}  ${l.target ? `target ${l.target}` : ''}${l.baseline ? `  (${l.baseline})` : ''}`);
  }, (error: unknown) => { console.error(error); process.exitCode = 1; });
}
