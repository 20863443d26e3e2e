/**
 * Runs through the product against the bare SDK, in a fresh process bundled as the CLI is built:
 * `node dist/bench-runPairs.js URL FILE PAIRS`. The product arm is `runPrompt` (read, analyze,
 * render, build, stream, usage record with its fingerprint and cache check) on the same file and
 * inputs each time, as a run repeated unchanged is; the new-input arm asks a new question each
 * time, so only the analysis can be reused and the request is rendered and built anew. The SDK arm
 * is ConverseStreamCommand on the request the product builds and a loop over the stream. The arms
 * rotate which goes first so none always runs on a warmer connection. Prints one JSON line.
 */
import { ConverseStreamCommand, type ConverseStreamCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { BedrockClientFactory } from '../src/aws/clientFactory';
import { runPrompt } from '../src/aws/promptRunner';
import { preparePrompt } from '../src/node/promptPreparation';
import { promptWorkspaceRoots } from '../src/node/workspaceRoot';
import { useRankFileIn } from '../src/node/rankFile';

export interface Timing { first: number; total: number }
export interface PairTimes { product: Timing[]; newInput: Timing[]; sdk: Timing[] }

const WARM_UP = 10;

async function main(url: string, file: string, pairs: number): Promise<PairTimes> {
  useRankFileIn(__dirname);
  const clients = new BedrockClientFactory();
  const client = { region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIABENCHMARK0000001', secretAccessKey: 'bench-secret' } };
  const handle = clients.get(client);
  const inputs = { q: 'Which clauses limit liability?' };
  // Called as a long-lived caller (the editor, a CLI command running several) calls it: the
  // workspace decided once, no analyzer of its own.
  const workspaceRoots = promptWorkspaceRoots(file);
  const request = (await preparePrompt({ file, workspaceRoots, inputs })).built.request as unknown as ConverseStreamCommandInput;

  const product = async (given = inputs): Promise<Timing> => {
    const t0 = performance.now();
    let first = 0;
    await runPrompt({ file, workspaceRoots, inputs: given, clients, client, onDelta: () => { first ||= performance.now() - t0; } });
    return { first, total: performance.now() - t0 };
  };
  let asked = 0;
  const newInput = () => product({ q: `Which clauses limit liability? (${++asked})` });
  const sdk = async (): Promise<Timing> => {
    const t0 = performance.now();
    let first = 0;
    const response = await handle.client.send(new ConverseStreamCommand(request));
    for await (const event of response.stream ?? []) {
      if (event.contentBlockDelta?.delta?.text) first ||= performance.now() - t0;
    }
    return { first, total: performance.now() - t0 };
  };

  try {
    for (let i = 0; i < WARM_UP; i++) { await product(); await newInput(); await sdk(); }
    const times: PairTimes = { product: [], newInput: [], sdk: [] };
    const arms = [async () => { times.product.push(await product()); }, async () => { times.newInput.push(await newInput()); }, async () => { times.sdk.push(await sdk()); }];
    for (let i = 0; i < pairs; i++) {
      for (let k = 0; k < arms.length; k++) await arms[(i + k) % arms.length]();
    }
    return times;
  } finally {
    clients.dispose();
  }
}

if (require.main === module) {
  const [url, file, pairs] = process.argv.slice(2);
  main(url, file, Number(pairs)).then((times) => { process.stdout.write(`${JSON.stringify(times)}\n`); }, (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
