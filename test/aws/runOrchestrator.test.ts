// The editor's run logic in plain Node: the real AWS layer and SDK against the emulator, with the
// dialogs answered by a scripted RunUi (the VS Code shell is covered by the integration tier).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { adviseCachePoints } from '../../src/core/cacheAdvice';
import { DEFAULT_CACHE_SETTINGS } from '../../src/core/promptConfig';
import { RunOrchestrator, type RunUi } from '../../src/editor/runs/runOrchestrator';
import { settingsFrom } from '../../src/editor/settingsModel';
import { analyzePrompt } from '../../src/node/promptPreparation';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { startEmulator, type Emulator } from '../../emulator/server';
import { FAKE_KEYS, isolateAwsEnvironment, longText, workspace } from './awsSupport';

isolateAwsEnvironment();
process.env.AWS_ACCESS_KEY_ID = FAKE_KEYS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = FAKE_KEYS.secretAccessKey;
let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const root = workspace({
  'q.prompt': `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${longText('rules', 200)}\n{{cachePoint}}\n{{role "user"}}\nQuestion: {{question}}\n`,
});

/** A RunUi that answers from a script and writes down what it was asked. */
function scriptedUi(answers: { inputs?: Record<string, unknown> | undefined; confirm?: boolean } = {}) {
  const asked: string[] = [];
  const ui: RunUi = {
    askInputs: async (_file, missing) => { asked.push(`inputs ${missing.join(',')}`); return answers.inputs; },
    rememberedInputs: () => ({}),
    forgetInputs: () => asked.push('forget'),
    confirmFirstRun: async () => { asked.push('confirm'); return answers.confirm ?? true; },
    askAfterRefusal: async () => { asked.push('after refusal'); return 'without'; },
    askRetryWithoutCache: async () => { asked.push('retry'); return true; },
    alreadyRunning: (file) => asked.push(`already running ${file}`),
    withProgress: (_title, _cancel, task) => task((message) => asked.push(`progress ${message}`)),
    showPanel: async () => undefined,
    showFailure: (failure) => asked.push(`failure ${failure.kind}`),
    showError: (message) => asked.push(`error ${message}`),
    credentialsFailed: () => undefined,
  };
  return { ui, asked };
}

async function orchestrated(records: UsageRecord[] = [], extra: Partial<ReturnType<typeof settingsFrom>> = {}) {
  const orchestrator = new RunOrchestrator({
    aws: () => import('../../src/aws/index'), log: { info: () => undefined, error: () => undefined },
    history: async () => ({ append: async (r: UsageRecord) => { records.push(r); }, recordsFor: async () => records }), apiKey: async () => undefined,
    onRecord: () => undefined, onProgress: () => undefined,
  });
  const file = join(root, 'q.prompt');
  const { text, analysis, sources } = await analyzePrompt({ file, workspaceRoots: [root] });
  const settings = { ...settingsFrom(() => undefined, true), endpoint: emulator.url, region: 'us-east-1', ...extra };
  const request = (times = 1, fresh = false, roots = [root]) => ({
    file: 'q.prompt', path: file, text, analysis, advice: adviseCachePoints(analysis, DEFAULT_CACHE_SETTINGS), analysisIsCurrent: true,
    sources, workspaceRoots: roots, settings, times, fresh,
  });
  return { orchestrator, request };
}

describe('RunOrchestrator', () => {
  it('asks for missing inputs, confirms once per file, and runs cold then warm', async () => {
    const records: UsageRecord[] = [];
    const { orchestrator, request } = await orchestrated(records);
    const { ui, asked } = scriptedUi({ inputs: { question: 'Which?' } });
    const first = await orchestrator.run(request(2), ui);
    assert.equal(first.length, 2);
    assert.ok(first[0].usage.cacheWriteInputTokens > 0 && first[1].usage.cacheReadInputTokens > 0);
    assert.deepEqual(records.map((r) => r.id), first.map((r) => r.id), 'records reach the history');
    assert.deepEqual(asked.filter((a) => !a.startsWith('progress')), ['inputs question', 'confirm']);
    await orchestrator.run(request(), ui);
    assert.equal(asked.filter((a) => a === 'confirm').length, 1, 'the confirmation is asked once per file');
    orchestrator.dispose();
  });

  it('sends nothing when the inputs or the confirmation are declined', async () => {
    const { orchestrator, request } = await orchestrated();
    assert.deepEqual(await orchestrator.run(request(), scriptedUi({ inputs: undefined }).ui), []);
    assert.deepEqual(await orchestrator.run(request(), scriptedUi({ inputs: { question: 'Q' }, confirm: false }).ui), []);
    assert.equal(emulator.requests.length, 0);
    orchestrator.dispose();
  });

  it('a second run of a running file sends nothing and says so', async () => {
    const { orchestrator, request } = await orchestrated();
    const a = scriptedUi({ inputs: { question: 'Q' } });
    const b = scriptedUi({ inputs: { question: 'Q' } });
    const [one, two] = await Promise.all([orchestrator.run(request(), a.ui), orchestrator.run(request(), b.ui)]);
    assert.equal(one.length, 1);
    assert.deepEqual(two, []);
    assert.deepEqual(b.asked, ['already running q.prompt']);
    assert.equal(emulator.requests.filter((r) => r.path.includes('converse')).length, 1);
    orchestrator.dispose();
  });
});

describe('RunOrchestrator with the response cache', () => {
  it('replays an identical run; Run Prompt Fresh and Run N Times call Bedrock', async () => {
    const store = mkdtempSync(join(tmpdir(), 'pcs-orchestrated-'));
    const { orchestrator, request } = await orchestrated([], { responseCache: 'file' });
    const { ui } = scriptedUi({ inputs: { question: 'Replay?' } });
    const calls = () => emulator.requests.filter((r) => r.operation === 'converse-stream').length;
    const [first] = await orchestrator.run(request(1, false, [store]), ui);
    const [second] = await orchestrator.run(request(1, false, [store]), ui);
    assert.equal(calls(), 1);
    assert.equal(second.replayed, true);
    assert.equal(second.text, first.text);
    const [fresh] = await orchestrator.run(request(1, true, [store]), ui);
    assert.equal(fresh.replayed, undefined);
    const twice = await orchestrator.run(request(2, false, [store]), ui);
    assert.deepEqual(twice.map((r) => r.replayed), [undefined, undefined]);
    assert.equal(calls(), 4);
    assert.ok(existsSync(join(store, '.prompt-cache', 'responses')));
    orchestrator.dispose();
  });

  it('a redis setting without a URL warns and runs without the cache', async () => {
    const { orchestrator, request } = await orchestrated([], { responseCache: 'redis', responseCacheUrl: '' });
    const { ui } = scriptedUi({ inputs: { question: 'No URL?' } });
    const warnings: string[] = [];
    ui.showWarning = (m) => warnings.push(m);
    const [record] = await orchestrator.run(request(), ui);
    assert.equal(record.replayed, undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /responseCacheUrl/);
    orchestrator.dispose();
  });
});
