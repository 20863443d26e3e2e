/**
 * Time to first token and total time of a run through the product (`runPrompt`: prepare,
 * render, build, stream, usage record) against the bare SDK call (ConverseStreamCommand and a
 * loop over the stream) for the same request on the same local emulator, interleaved so both see
 * the same conditions. Target: product / SDK ≤ 1.05. Runnable alone: `node --import tsx bench/runBench.ts`.
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function runBench(iterations = 40, frameDelayMs = 2): Promise<BenchLine[]> {
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
    const ratio = (x: number[], y: number[]) => median(x) / median(y);
    return [
      { name: 'time to first token: product (median)', value: median(p.first), unit: 'ms' },
      { name: 'time to first token: raw SDK (median)', value: median(s.first), unit: 'ms' },
      { name: 'time to first token: product / SDK', value: ratio(p.first, s.first), unit: '×', target: '≤ 1.05' },
      { name: 'total run time: product (median)', value: median(p.total), unit: 'ms' },
      { name: 'total run time: raw SDK (median)', value: median(s.total), unit: 'ms' },
      { name: 'total run time: product / SDK', value: ratio(p.total, s.total), unit: '×', target: '≤ 1.05' },
    ];
  } finally {
    clients.dispose();
    await emulator.close();
  }
}

if (require.main === module) {
  runBench().then((lines) => {
    for (const l of lines) console.log(`${l.name.padEnd(44)} ${`${l.value.toFixed(l.unit === '×' ? 3 : 1)} ${l.unit}`.padStart(12)}  ${l.target ? `target ${l.target}` : ''}`);
  }, (error: unknown) => { console.error(error); process.exitCode = 1; });
}
