// A prompt router ARN: Bedrock picks the model and names it in the stream's metadata trace; the
// usage record keeps both and is priced at the invoked model.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { join } from 'node:path';
import { callCostUSD } from '../../src/core/costModel';
import { MODEL_CATALOG } from '../../src/core/modelCatalog';
import { runPrompt } from '../../src/aws/promptRunner';
import { startEmulator, type Emulator } from '../../emulator/server';
import { emulatorSettings, factory, isolateAwsEnvironment, workspace } from './awsSupport';

isolateAwsEnvironment();
let emulator: Emulator;
const clients = factory();
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { clients.dispose(); await emulator.close(); });

const ROUTER = 'arn:aws:bedrock:us-east-1:123456789012:default-prompt-router/anthropic.claude:1';

describe('prompt router', () => {
  it('records the invoked model and prices the run at its rates', async () => {
    const root = workspace({ 'r.prompt': `---\nmodel: ${ROUTER}\n---\n{{role "user"}}\nHello router\n` });
    const result = await runPrompt({ file: join(root, 'r.prompt'), workspaceRoots: [root], clients, client: emulatorSettings(emulator) });
    assert.equal(result.failure, undefined);
    const [record] = result.records;
    assert.equal(record.model, ROUTER);
    assert.equal(record.invokedModel, 'arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-haiku-20241022-v1:0');
    const haiku = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-3-5-haiku-20241022-v1:0')!;
    const expected = callCostUSD(haiku.prices!, {
      inputTokens: record.usage.inputTokens, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: record.usage.outputTokens,
    });
    assert.ok(record.costUSD > 0);
    assert.equal(record.costUSD, expected);
    assert.equal(record.priceDate, haiku.priceDate);
  });
});
