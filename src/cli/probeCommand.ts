/**
 * `probe --model ID [--region R] [--endpoint URL] [--profile P] [--yes] [--json] [--probes FILE]`:
 * measures what the account really gets for one model in one region (smallest prefix that
 * caches, 1-hour TTL, a cache point in the tools) and stores it for `analyze` and the editor.
 * It costs money, so it shows the estimate and asks first; without a terminal to ask on, it
 * refuses unless `--yes` is given.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { BedrockRunError } from '../aws/bedrockErrors';
import { probeCaching } from '../aws/cacheProbe';
import { BedrockClientFactory } from '../aws/clientFactory';
import { resolveModel } from '../core/modelResolver';
import { formatUsd } from '../shared/numberFormat';
import { estimateProbe } from '../core/probePlan';
import { probeLabel, type ProbeResult } from '../core/probeResults';
import { defaultProbesPath, ProbeStore } from '../node/probeStore';
import { UsageError } from './usageError';
import { PROBE_USAGE } from './usages';


export interface ProbeIo {
  /** Whether a person can answer a question (stdin and stderr are terminals). */
  interactive: boolean;
  ask(question: string): Promise<string>;
}

const terminal: ProbeIo = {
  interactive: process.stdin.isTTY === true && process.stderr.isTTY === true,
  async ask(question) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  },
};

const err = (s: string) => process.stderr.write(s + '\n');
const n = (v: number) => v.toLocaleString('en-US');

export async function probeCommand(argv: string[], out: (s: string) => void, io: ProbeIo = terminal): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      model: { type: 'string' }, region: { type: 'string' }, endpoint: { type: 'string' }, profile: { type: 'string' },
      http1: { type: 'boolean' }, yes: { type: 'boolean' }, json: { type: 'boolean' }, probes: { type: 'string' },
    },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}". Usage: ${PROBE_USAGE}`);
  if (!values.model) throw new UsageError(`--model is required. Usage: ${PROBE_USAGE}`);
  const model = resolveModel(values.model);
  if (model.status === 'unknown') throw new UsageError(`${values.model} is not in the model catalog, so there is no minimum to start from.`);
  if (model.status === 'no-caching' || !model.row) throw new UsageError(`${model.baseId} does not support prompt caching on Bedrock: there is nothing to probe.`);
  const store = new ProbeStore(values.probes ?? defaultProbesPath());

  const clients = new BedrockClientFactory();
  try {
    const handle = clients.get({ region: values.region, endpoint: values.endpoint, profile: values.profile, http1: values.http1 });
    const estimate = estimateProbe(model.row.minTokens, model.prices);
    err(`Probing ${model.requestId} in ${handle.region}${values.endpoint ? ` at ${values.endpoint}` : ''}: up to about ${estimate.requests} requests, ` +
      `about ${formatUsd(estimate.costUSD)} (estimate from catalog prices of ${model.row.priceDate ?? 'unknown date'}, if the minimum is within half to twice ` +
      `the catalog's ${n(model.row.minTokens)}; Bedrock bills the real usage).`);
    if (!values.yes) {
      if (!io.interactive) {
        err('prompt-cache probe: refusing to send paid requests without confirmation: no terminal to ask on. Pass --yes to confirm.');
        return 2;
      }
      const answer = (await io.ask('Send them? [y/N] ')).trim().toLowerCase();
      if (answer !== 'y' && answer !== 'yes') {
        err('Probe cancelled: nothing was sent.');
        return 1;
      }
    }
    let outcome;
    try {
      outcome = await probeCaching({
        client: handle.client, model, region: handle.region, endpoint: values.endpoint, profile: handle.profile,
        onProgress: values.json ? undefined : (step, sent, planned) => { if (step !== 'done') err(`  [${sent + 1}/~${planned}] ${step}`); },
      });
    } catch (error) {
      if (error instanceof BedrockRunError) {
        err(`prompt-cache probe: ${error.failure.message}`);
        return 1;
      }
      throw error;
    }
    const { result, notes } = outcome;
    await store.save(result);
    if (values.json) out(JSON.stringify(probeJson(result)));
    else out(formatProbe(result, notes, store.path));
    return 0;
  } finally {
    clients.dispose();
  }
}

/** The `--json` contract: exactly these keys. */
export function probeJson(r: ProbeResult): { model: string; region: string; minTokens: number | null; ttl1h: boolean; toolsPoint: boolean; requests: number; costUSD: number } {
  return { model: r.model, region: r.region, minTokens: r.minTokens, ttl1h: r.ttl1h, toolsPoint: r.toolsPoint, requests: r.requests, costUSD: r.costUSD };
}

function formatProbe(r: ProbeResult, notes: readonly string[], path: string): string {
  const min = r.minTokens === null
    ? `nothing cached up to ${n(r.largestUncached)} tokens`
    : `${n(r.minTokens)} tokens (a ${n(r.largestUncached)}-token prefix was not cached; the catalog says ${n(r.catalogMinTokens)})`;
  return [
    `${r.model} in ${r.region}, ${probeLabel(r)}:`,
    `  minimum per cache point  ${min}`,
    `  1-hour TTL               ${r.ttl1h ? 'yes' : 'no'}`,
    `  cache point in tools     ${r.toolsPoint ? 'yes' : 'no'}`,
    `  requests sent            ${r.requests}, about ${formatUsd(r.costUSD)} at catalog prices`,
    ...notes.map((note) => `  note: ${note}`),
    `Stored in ${path}: analyze uses it for this model and region instead of the catalog.`,
  ].join('\n');
}
