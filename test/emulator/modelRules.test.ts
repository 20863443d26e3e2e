// Configurable per-model rules through the SDK: a minimum other than the table's, a 1-hour TTL and
// a tools cache point switched on or off, set at start-up, at run time, over HTTP and on the
// command line.
import { type BedrockRuntimeClient, ConverseCommand, type ConverseCommandInput, type TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, beforeEach, describe, it } from 'node:test';
import { rulesFromCommandLine } from '../../emulator/modelRules';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cachePoint, clientFor, NOVA_PRO, SONNET_4, SONNET_4_5, textOfTokens, userMessage } from './testSupport';
import { REPO_ROOT } from '../support/paths';

const NOVA_PRO_BASE = 'amazon.nova-pro-v1:0';
const SONNET_4_5_BASE = 'anthropic.claude-sonnet-4-5-20250929-v1:0';

let emulator: Emulator;
let client: BedrockRuntimeClient;
before(async () => {
  emulator = await startEmulator({ port: 0, host: '127.0.0.1', models: { [SONNET_4_5_BASE]: { minTokens: 2048 } } });
  client = clientFor(emulator);
});
after(async () => {
  client.destroy();
  await emulator.close();
});
beforeEach(() => emulator.reset());

async function send(input: ConverseCommandInput): Promise<TokenUsage> {
  const response = await client.send(new ConverseCommand(input));
  return response.usage!;
}

function withSystem(modelId: string, tokens: number, seed: string, ttl?: '5m' | '1h'): ConverseCommandInput {
  return { modelId, system: [{ text: textOfTokens(tokens, seed) }, cachePoint(ttl)], messages: [userMessage({ text: 'Q?' })] };
}

function withToolPoint(modelId: string): ConverseCommandInput {
  return {
    modelId, messages: [userMessage({ text: 'Q?' })],
    toolConfig: { tools: [{ toolSpec: { name: 'lookup', description: textOfTokens(3000, 'tool'), inputSchema: { json: { type: 'object' } } } }, cachePoint()] },
  };
}

describe('configurable minimums', () => {
  it('a start-up rule raises the minimum: 1,500 tokens no longer cache, 2,100 do', async () => {
    assert.equal((await send(withSystem(SONNET_4_5, 1500, 'alpha'))).cacheWriteInputTokens, 0);
    assert.equal((await send(withSystem(SONNET_4_5, 2100, 'alpha'))).cacheWriteInputTokens, 2100);
    // The table's minimum (1,024) still applies to other models.
    assert.equal((await send(withSystem(SONNET_4, 1500, 'alpha'))).cacheWriteInputTokens, 1500);
  });

  it('a run-time rule lowers a minimum, and reset() goes back to the start-up rules', async () => {
    emulator.models.set(NOVA_PRO_BASE, { minTokens: 600 });
    assert.equal((await send(withSystem(NOVA_PRO, 700, 'alpha'))).cacheWriteInputTokens, 700);
    emulator.reset();
    assert.deepEqual(emulator.models.list(), { [SONNET_4_5_BASE]: { minTokens: 2048 } });
    assert.equal((await send(withSystem(NOVA_PRO, 700, 'beta'))).cacheWriteInputTokens, 0);
  });

  it('rules are checked and name the model and key at fault', () => {
    assert.throws(() => emulator.models.set('nope.model', { minTokens: 5 }), /Unknown model "nope\.model"/);
    assert.throws(() => emulator.models.set(NOVA_PRO_BASE, { minTokens: -1 }), /amazon\.nova-pro-v1:0: minTokens must be a positive integer/);
    assert.throws(() => emulator.models.set(NOVA_PRO_BASE, { ttl: '1h' } as never), /unknown rule key "ttl"/);
  });
});

describe('configurable 1-hour TTL and tools point', () => {
  it('Nova with ttl1h on keeps a 1h entry; Sonnet 4.5 with it off keeps 5 minutes', async () => {
    await assert.rejects(send(withSystem(NOVA_PRO, 1200, 'alpha', '1h')), /Extended TTL/);
    emulator.models.set(NOVA_PRO_BASE, { ttl1h: true });
    assert.deepEqual((await send(withSystem(NOVA_PRO, 1200, 'alpha', '1h'))).cacheDetails, [{ ttl: '1h', inputTokens: 1200 }]);
    emulator.models.set(SONNET_4_5_BASE, { ttl1h: false });
    assert.deepEqual((await send(withSystem(SONNET_4_5, 2100, 'alpha', '1h'))).cacheDetails, [{ ttl: '5m', inputTokens: 2100 }]);
  });

  it('a tools point is refused when switched off and accepted when switched on', async () => {
    assert.ok(((await send(withToolPoint(SONNET_4))).cacheWriteInputTokens ?? 0) > 0);
    emulator.models.set('anthropic.claude-sonnet-4-20250514-v1:0', { toolsPoint: false });
    await assert.rejects(send(withToolPoint(SONNET_4)), /extraneous key \[cachePoint\]/);
    await assert.rejects(send(withToolPoint(NOVA_PRO)), /extraneous key \[cachePoint\]/);
    emulator.models.set(NOVA_PRO_BASE, { toolsPoint: true });
    assert.ok(((await send(withToolPoint(NOVA_PRO))).cacheWriteInputTokens ?? 0) > 0);
  });

  it('rules can be set, listed and cleared over HTTP', async () => {
    const post = await fetch(`${emulator.url}/_emulator/models`, { method: 'POST', body: JSON.stringify({ [NOVA_PRO_BASE]: { minTokens: 3000 } }) });
    assert.equal(post.status, 200);
    assert.equal((await send(withSystem(NOVA_PRO, 2000, 'alpha'))).cacheWriteInputTokens, 0);
    const bad = await fetch(`${emulator.url}/_emulator/models`, { method: 'POST', body: JSON.stringify({ [NOVA_PRO_BASE]: { minTokens: 'x' } }) });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { message: string }).message, /minTokens must be a positive integer/);
    await fetch(`${emulator.url}/_emulator/models`, { method: 'DELETE' });
    assert.deepEqual(await (await fetch(`${emulator.url}/_emulator/models`)).json(), {});
  });
});

describe('rules on the command line', () => {
  it('reads flags (both spellings) and EMULATOR_MODEL_RULES, flags winning', () => {
    const rules = rulesFromCommandLine(
      ['--port', '0', '--min-tokens', `${NOVA_PRO_BASE}=2048`, `--ttl1h=${SONNET_4_5_BASE}=off`, '--tools-point', `${NOVA_PRO_BASE}=on`],
      { EMULATOR_MODEL_RULES: JSON.stringify({ [NOVA_PRO_BASE]: { minTokens: 512, ttl1h: true } }) },
    );
    assert.deepEqual(rules, { [NOVA_PRO_BASE]: { minTokens: 2048, ttl1h: true, toolsPoint: true }, [SONNET_4_5_BASE]: { ttl1h: false } });
    assert.throws(() => rulesFromCommandLine(['--min-tokens', `${NOVA_PRO_BASE}=lots`], {}), /minTokens must be a positive integer, got "lots"/);
    assert.throws(() => rulesFromCommandLine(['--ttl1h', `${NOVA_PRO_BASE}=maybe`], {}), /--ttl1h takes on or off/);
    assert.throws(() => rulesFromCommandLine([], { EMULATOR_MODEL_RULES: '{' }), /EMULATOR_MODEL_RULES is not valid JSON/);
  });

  it('`npm run emulator -- --min-tokens ID=N` serves with that minimum', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'emulator', 'main.ts'), '--port', '0', '--min-tokens', `${NOVA_PRO_BASE}=700`],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
      const url = /listening on (\S+)/.exec(line)![1];
      const rules = await (await fetch(`${url}/_emulator/models`)).json();
      assert.deepEqual(rules, { [NOVA_PRO_BASE]: { minTokens: 700 } });
    } finally {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }
  });
});
