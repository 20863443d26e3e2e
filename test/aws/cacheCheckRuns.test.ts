// Why did this run miss the cache? Each cause, produced for real: the product's runner and the real
// SDK against the emulator (which applies the reference's rules: prefixes, minimums, sliding TTLs on
// its controllable clock, regions, the ~20-block lookback, implicit caching). Each run is judged
// against the runs before it, as the history would hold them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { runPrompt, type RunPromptOptions } from '../../src/aws/promptRunner';
import type { CacheCheck } from '../../src/shared/cacheCheck';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { startEmulator, type Emulator } from '../../emulator/server';
import { emulatorSettings, factory, isolateAwsEnvironment, longText, workspace } from './awsSupport';

isolateAwsEnvironment();
let emulator: Emulator;
const clients = factory();
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { clients.dispose(); await emulator.close(); });

const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const SONNET4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
const RULES = longText('rules', 220);
/** The same text on one line, for a YAML value. */
const RULES_LINE = RULES.replace(/\n/g, ' ');

/** One history per test: every run is judged against the ones before it. */
let history: UsageRecord[];
beforeEach(() => { emulator.reset(); history = []; });

async function run(root: string, file: string, extra: Partial<RunPromptOptions> = {}): Promise<CacheCheck> {
  const result = await runPrompt({
    file: join(root, file), workspaceRoots: [root], relativeFile: file, clients, ...extra,
    client: emulatorSettings(emulator, extra.client),
    historyStore: { append: async (r) => { history.push(r); } }, earlierRuns: async () => [...history],
    now: () => new Date(emulator.clock.now()),
  });
  assert.equal(result.failure, undefined, result.failure?.message);
  const check = result.records.at(-1)!.cacheCheck;
  assert.ok(check, 'every run that reached Bedrock carries a cache check');
  return check;
}

const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('cache check', () => {
  const dated = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${RULES}\nToday is {{today}}.\n{{cachePoint}}\n{{role "user"}}\nQuestion: {{question}}\n`;

  it('first, then hit when nothing changed', async () => {
    const root = workspace({ 'p.prompt': dated });
    const inputs = { today: '2026-11-26', question: 'Why?' };
    const first = await run(root, 'p.prompt', { inputs });
    assert.equal(first.verdict, 'first');
    const second = await run(root, 'p.prompt', { inputs: { ...inputs, question: 'And how?' } });
    assert.equal(second.verdict, 'hit');
    assert.ok(second.readTokens > 0);
    assert.equal(second.expectedReadTokens > 0, true);
    assert.deepEqual(second.reasons, []);
  });

  it('a changed input inside the prefix: prefix-changed on its line, with both values', async () => {
    const root = workspace({ 'p.prompt': dated });
    await run(root, 'p.prompt', { inputs: { today: '2026-11-26', question: 'Why?' } });
    const check = await run(root, 'p.prompt', { inputs: { today: '2026-11-27', question: 'Why?' } });
    assert.equal(check.verdict, 'miss');
    const [reason] = check.reasons;
    assert.equal(reason.code, 'prefix-changed');
    assert.equal(reason.line, lineOf(dated, '{{today}}'));
    assert.equal(reason.field, 'system');
    assert.match(reason.detail, /\{\{today\}\}` was "2026-11-26", now "2026-11-27"/);
  });

  it('an edited tool definition: prefix-changed in the tools', async () => {
    const tools = (description: string) => `---\nmodel: ${SONNET45}\ncache.tools: true\nbedrock.tools:\n  - name: lookup\n    description: ${description}\n    inputSchema: {type: object}\n  - name: other\n    description: ${JSON.stringify(RULES_LINE.slice(0, 6000))}\n    inputSchema: {type: object}\n---\nQuestion?\n`;
    const root = workspace({ 't.prompt': tools('Finds a clause') });
    await run(root, 't.prompt');
    writeFileSync(join(root, 't.prompt'), tools('Finds a clause by number'));
    const check = await run(root, 't.prompt');
    assert.equal(check.verdict, 'miss');
    assert.equal(check.reasons[0].code, 'prefix-changed');
    assert.equal(check.reasons[0].field, 'tools');
    assert.match(check.reasons[0].detail, /tool definition `lookup` was edited/);
  });

  it('reordered tools: prefix-changed saying so', async () => {
    const tool = (name: string) => `  - name: ${name}\n    description: ${JSON.stringify(RULES_LINE.slice(0, 4000))}\n    inputSchema: {type: object}\n`;
    const file = (order: string[]) => `---\nmodel: ${SONNET45}\ncache.tools: true\nbedrock.tools:\n${order.map(tool).join('')}---\nQuestion?\n`;
    const root = workspace({ 't.prompt': file(['a', 'b']) });
    await run(root, 't.prompt');
    writeFileSync(join(root, 't.prompt'), file(['b', 'a']));
    const check = await run(root, 't.prompt');
    assert.match(check.reasons[0].detail, /reordered/);
  });

  it('a media file replaced inside the prefix: prefix-changed on the media line', async () => {
    const text = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${RULES}\n{{role "user"}}\nLook:\n{{media url="pic.png" contentType="image/png"}}\n{{cachePoint}}\nWhat changed?\n`;
    const root = workspace({ 'm.prompt': text, 'pic.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1]) });
    await run(root, 'm.prompt');
    writeFileSync(join(root, 'pic.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47, 2]));
    const check = await run(root, 'm.prompt');
    assert.equal(check.reasons[0].code, 'prefix-changed');
    assert.equal(check.reasons[0].line, lineOf(text, '{{media'));
    assert.match(check.reasons[0].detail, /media file .* replaced/i);
  });

  it('another model: model-changed; another inference profile of the same model in the same region still reads', async () => {
    const root = workspace({ 'p.prompt': dated });
    const inputs = { today: 'x', question: 'Why?' };
    await run(root, 'p.prompt', { inputs });
    const other = await run(root, 'p.prompt', { inputs, modelOverride: SONNET4 });
    assert.equal(other.reasons[0].code, 'model-changed');
    await run(root, 'p.prompt', { inputs });
    const global = await run(root, 'p.prompt', { inputs, modelOverride: SONNET45.replace(/^us\./, 'global.') });
    assert.equal(global.verdict, 'hit');
    assert.deepEqual(global.reasons, []);
  });

  it('another region: region-changed', async () => {
    const root = workspace({ 'p.prompt': dated });
    const inputs = { today: 'x', question: 'Why?' };
    await run(root, 'p.prompt', { inputs });
    const check = await run(root, 'p.prompt', { inputs, client: { region: 'us-west-2' } });
    assert.equal(check.verdict, 'miss');
    assert.equal(check.reasons[0].code, 'region-changed');
    assert.match(check.reasons[0].detail, /us-east-1.*us-west-2/);
  });

  it('a TTL that ran out: ttl-expired with the idle time', async () => {
    const root = workspace({ 'p.prompt': dated });
    const inputs = { today: 'x', question: 'Why?' };
    await run(root, 'p.prompt', { inputs });
    emulator.clock.advance(7 * 60_000 + 12_000);
    const check = await run(root, 'p.prompt', { inputs });
    assert.equal(check.verdict, 'miss');
    assert.equal(check.reasons[0].code, 'ttl-expired');
    assert.match(check.reasons[0].detail, /Last use 7m 1[23]s ago; the entry's TTL is 5m/);
  });

  it('a prefix below the model minimum: below-minimum with the numbers', async () => {
    const text = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\nBe brief.\n{{cachePoint}}\n{{role "user"}}\nQuestion?\n`;
    const root = workspace({ 's.prompt': text });
    await run(root, 's.prompt');
    const check = await run(root, 's.prompt');
    assert.equal(check.verdict, 'miss');
    assert.equal(check.reasons[0].code, 'below-minimum');
    assert.equal(check.reasons[0].line, lineOf(text, '{{cachePoint}}'));
    assert.match(check.reasons[0].detail, /caches from 1,024/);
  });

  it('an entry further back than the lookback window: too-far-back', async () => {
    const start = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${RULES}\n{{cachePoint}}\n{{role "user"}}\nQuestion?\n`;
    const root = workspace({ 'l.prompt': start });
    await run(root, 'l.prompt');
    writeFileSync(join(root, 'l.prompt'), `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${RULES}\n{{history}}\n{{role "user"}}\nQuestion?\n{{cachePoint}}\n`);
    const turns = Array.from({ length: 26 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'model', content: [{ text: `Turn ${i}.` }] })) as RunPromptOptions['history'];
    const check = await run(root, 'l.prompt', { history: turns });
    assert.equal(check.verdict, 'miss');
    assert.equal(check.reasons[0].code, 'too-far-back', JSON.stringify(check));
    assert.equal(check.reasons[0].line, lineOf(start, '{{cachePoint}}'));
  });

  it('a read no cache point explains: implicit-read', async () => {
    const text = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${RULES}\n{{role "user"}}\nQuestion?\n`;
    const root = workspace({ 'i.prompt': text });
    emulator.cache.setImplicitCaching('anthropic.claude-sonnet-4-5-20250929-v1:0', true);
    assert.equal((await run(root, 'i.prompt')).verdict, 'uncached');
    const check = await run(root, 'i.prompt');
    assert.equal(check.verdict, 'uncached');
    assert.ok(check.readTokens > 0);
    assert.equal(check.reasons[0].code, 'implicit-read');
  });
});
