// A prompt prepared again unchanged reuses its preparation; anything it depended on that changes
// (its text, an option, an input, the project file, a partial, the tools file, a media file, the
// workspace rule's answer) makes it prepare again in full.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { analyzePrompt, preparePrompt } from '../../../src/node/promptPreparation';
import { identityOf, plainJson } from '../../../src/node/preparationMemo';
import { catalogWith } from '../../../src/core/modelResolver';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const TOOLS = [{ name: 'lookup', description: 'Look up an order.', inputSchema: { type: 'object', properties: { id: { type: 'string' } } } }];
// The smallest PNG signature and header: enough for the media to be told a PNG.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-memo-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, text] of Object.entries(files)) write(join(dir, name), text);
  return dir;
}

/** Writes and moves the modification time on, as a later save would. */
let clock = Date.now() / 1000;
function write(path: string, text: string | Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  clock += 10;
  utimesSync(path, clock, clock);
}

const messages = (p: Awaited<ReturnType<typeof preparePrompt>>) => JSON.stringify(p.built.request.messages);

describe('preparing an unchanged prompt again', () => {
  it('reuses the preparation whichever analyzer is given, or none, as the CLI and the editor call it', async () => {
    const dir = project({ 'a.prompt': `---\nmodel: ${CLAUDE}\n---\nHello {{name}}\n` });
    const file = join(dir, 'a.prompt');
    const first = await preparePrompt({ file, inputs: { name: 'Ann' } });
    assert.equal(await preparePrompt({ file, inputs: { name: 'Ann' } }), first);
    assert.equal(await preparePrompt({ file, inputs: { name: 'Ann' }, analyzer: new Analyzer() }), first);
    assert.equal(await preparePrompt({ file, inputs: { name: 'Ann' }, workspaceRoots: [dir] }), first);
    // The editor passes its analysis of the document: reused while it is the same analysis.
    const withAnalysis = await preparePrompt({ file, inputs: { name: 'Ann' }, analysis: first.analysis });
    assert.equal(await preparePrompt({ file, inputs: { name: 'Ann' }, analysis: first.analysis }), withAnalysis);
    assert.notEqual(await preparePrompt({ file, inputs: { name: 'Ann' }, analysis: { ...first.analysis } }), withAnalysis);
  });

  it('keeps no more than a budget of text and bytes: a huge prompt or picture is prepared anew each time', async () => {
    const huge = 'x'.repeat(4 * 1024 * 1024 + 1);
    const dir = project({ 'a.prompt': `---\nmodel: ${CLAUDE}\n---\n${huge}\n` });
    const file = join(dir, 'a.prompt');
    const first = await preparePrompt({ file, sizeLimit: 8 * 1024 * 1024 });
    assert.notEqual(await preparePrompt({ file, sizeLimit: 8 * 1024 * 1024 }), first);
    // The same for a small prompt sending a large picture.
    const pictured = project({ 'p.prompt': `---\nmodel: ${CLAUDE}\n---\nLook:\n{{media url="pic.png"}}\n`, 'pic.png': Buffer.concat([PNG, Buffer.alloc(4 * 1024 * 1024)]) });
    const once = await preparePrompt({ file: join(pictured, 'p.prompt') });
    assert.notEqual(await preparePrompt({ file: join(pictured, 'p.prompt') }), once);
  });

  it('reuses the analysis for other inputs, and analyzePrompt shares it', async () => {
    const dir = project({ 'a.prompt': `---\nmodel: ${CLAUDE}\n---\n{{> rules}}\nHello {{name}}\n`, '_rules.prompt': 'Rule one.\n' });
    const file = join(dir, 'a.prompt');
    const analyzer = new Analyzer();
    const ann = await preparePrompt({ file, inputs: { name: 'Ann' }, analyzer });
    const bo = await preparePrompt({ file, inputs: { name: 'Bo' }, analyzer });
    assert.notEqual(bo, ann);
    assert.match(messages(bo), /Hello Bo/);
    assert.equal(bo.analysis, ann.analysis);
    assert.equal((await analyzePrompt({ file, analyzer })).analysis, ann.analysis);
    // The partial's reads made for the analysis still guard the preparation kept for Bo.
    write(join(dir, '_rules.prompt'), 'Rule one, amended.\n');
    const amended = await preparePrompt({ file, inputs: { name: 'Bo' }, analyzer });
    assert.match(messages(amended), /Rule one, amended\./);
    assert.notEqual(amended.analysis, ann.analysis);
    assert.equal((await analyzePrompt({ file, analyzer })).analysis, amended.analysis);
  });

  it('prepares again when the text, an input or an option changes', async () => {
    const dir = project({ 'a.prompt': `---\nmodel: ${CLAUDE}\n---\nHello {{name}}\n` });
    const file = join(dir, 'a.prompt');
    const analyzer = new Analyzer();
    const first = await preparePrompt({ file, inputs: { name: 'Ann' }, analyzer });
    const otherInput = await preparePrompt({ file, inputs: { name: 'Bo' }, analyzer });
    assert.match(messages(otherInput), /Hello Bo/);
    const otherModel = await preparePrompt({ file, inputs: { name: 'Ann' }, analyzer, modelOverride: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' });
    assert.match(otherModel.built.request.modelId, /haiku/);
    write(file, `---\nmodel: ${CLAUDE}\n---\nGood morning {{name}}\n`);
    const edited = await preparePrompt({ file, inputs: { name: 'Ann' }, analyzer });
    assert.match(messages(edited), /Good morning Ann/);
    const unsaved = await preparePrompt({ file, text: `---\nmodel: ${CLAUDE}\n---\nBye {{name}}\n`, inputs: { name: 'Ann' }, analyzer });
    assert.match(messages(unsaved), /Bye Ann/);
    assert.notEqual(edited, first);
  });

  it('prepares again for every other option that can change the request', async () => {
    const dir = project({
      'a.prompt': `---\nconfig:\n  maxOutputTokens: 50\n---\n{{> extra}}\n{{history}}\nHello\n`,
      'one/_extra.prompt': 'From folder one.\n', 'two/_extra.prompt': 'From folder two.\n',
    });
    const file = join(dir, 'a.prompt');
    const base = { file, defaultModel: CLAUDE, partialsPath: [join(dir, 'one')] };
    /** The base prepared (and kept) just before: the other options must not be answered with it. */
    const other = async (options: Partial<Parameters<typeof preparePrompt>[0]>) => {
      const kept = await preparePrompt(base);
      assert.equal(await preparePrompt(base), kept);
      const prepared = await preparePrompt({ ...base, ...options });
      assert.notEqual(prepared, kept, JSON.stringify(options));
      return prepared;
    };
    assert.match((await other({ defaultModel: 'us.anthropic.claude-haiku-4-5-20251001-v1:0' })).built.request.modelId, /haiku/);
    assert.match(messages(await other({ partialsPath: [join(dir, 'two')] })), /From folder two/);
    const history = [{ role: 'user' as const, content: [{ text: 'An earlier question' }] }, { role: 'model' as const, content: [{ text: 'An earlier answer' }] }];
    assert.match(messages(await other({ history })), /An earlier answer/);
    const catalog = catalogWith();
    const priced = await other({ catalog });
    assert.equal(await preparePrompt({ ...base, catalog }), priced);
    for (const options of [{ sizeLimit: 1024 }, { region: 'eu-west-1' }, { probes: [] }]) await other(options);
    // A model the prompt maps in settings (declared): another mapping is another preparation.
    const genkit = join(dir, 'g.prompt');
    write(genkit, '---\nmodel: googleai/gemini-2.5-flash\n---\nHello\n');
    const mapTo = (model: string) => preparePrompt({ file: genkit, declared: { models: { 'googleai/gemini-2.5-flash': model } } });
    assert.equal((await mapTo(CLAUDE)).built.request.modelId, CLAUDE);
    assert.match((await mapTo('us.anthropic.claude-haiku-4-5-20251001-v1:0')).built.request.modelId, /haiku/);
  });

  it('prepares again when a partial changes, disappears or leaves the workspace', async () => {
    const dir = project({ 'a.prompt': `---\nmodel: ${CLAUDE}\n---\n{{> rules}}\nQ: {{q}}\n`, '_rules.prompt': 'Rule one.\n' });
    const file = join(dir, 'a.prompt');
    const analyzer = new Analyzer();
    const first = await preparePrompt({ file, inputs: { q: 'x' }, analyzer });
    assert.match(messages(first), /Rule one\./);
    assert.equal(await preparePrompt({ file, inputs: { q: 'x' }, analyzer }), first);
    write(join(dir, '_rules.prompt'), 'Rule one, amended.\n');
    assert.match(messages(await preparePrompt({ file, inputs: { q: 'x' }, analyzer })), /Rule one, amended\./);
    // The same file, but the workspace is now a folder that does not hold it.
    const elsewhere = mkdtempSync(join(tmpdir(), 'pcs-memo-other-'));
    await assert.rejects(preparePrompt({ file, inputs: { q: 'x' }, analyzer, workspaceRoots: [elsewhere] }), /rules/);
    rmSync(join(dir, '_rules.prompt'));
    await assert.rejects(preparePrompt({ file, inputs: { q: 'x' }, analyzer }), /rules/);
  });

  it('prepares again when the tools file or a media file changes', async () => {
    const dir = project({
      'a.prompt': `---\nmodel: ${CLAUDE}\nbedrock.tools: tools.json\n---\nLook:\n{{media url="pic.png"}}\nWhat is it?\n`,
      'tools.json': JSON.stringify(TOOLS), 'pic.png': PNG,
    });
    const file = join(dir, 'a.prompt');
    const analyzer = new Analyzer();
    const first = await preparePrompt({ file, analyzer });
    assert.equal(await preparePrompt({ file, analyzer }), first);
    write(join(dir, 'tools.json'), JSON.stringify([{ ...TOOLS[0], name: 'find_order' }]));
    const retooled = await preparePrompt({ file, analyzer });
    assert.match(JSON.stringify(retooled.built.request.toolConfig), /find_order/);
    write(join(dir, 'pic.png'), Buffer.concat([PNG, Buffer.from([1, 2, 3])]));
    const repictured = await preparePrompt({ file, analyzer });
    assert.notEqual(repictured, retooled);
    assert.doesNotMatch(JSON.stringify(retooled.built.request.messages), /AQID/);
    const bytes = (p: typeof first) => JSON.stringify(p.built.request.messages).length;
    assert.ok(bytes(repictured) > bytes(retooled), 'the larger picture is sent');
  });

  it('prepares again when the project file changes what it declares', async () => {
    const dir = project({ 'a.prompt': `---\nmodel: googleai/gemini-2.5-flash\n---\nHello\n` });
    const file = join(dir, 'a.prompt');
    const analyzer = new Analyzer();
    write(join(dir, 'prompt-cache.config.json'), JSON.stringify({ models: { 'googleai/gemini-2.5-flash': CLAUDE } }));
    const first = await preparePrompt({ file, analyzer });
    assert.equal(first.built.request.modelId, CLAUDE);
    write(join(dir, 'prompt-cache.config.json'), JSON.stringify({ models: { 'googleai/gemini-2.5-flash': 'us.anthropic.claude-haiku-4-5-20251001-v1:0' } }));
    assert.match((await preparePrompt({ file, analyzer })).built.request.modelId, /haiku/);
  });

  it('keeps the eight preparations of an analyzer used last', async () => {
    const dir = project({ 'a.prompt': `---\nmodel: ${CLAUDE}\n---\nHello {{name}}\n` });
    const file = join(dir, 'a.prompt');
    const analyzer = new Analyzer();
    const prepare = (name: string) => preparePrompt({ file, inputs: { name }, analyzer });
    const repeated = await prepare('again');
    const kept = [];
    // A run repeated between runs with ever new inputs is never dropped.
    for (let i = 0; i < 20; i++) {
      kept.push(await prepare(`n${i}`));
      assert.equal(await prepare('again'), repeated);
    }
    assert.equal(await prepare('n19'), kept[19]);
    assert.equal(await prepare('n13'), kept[13]);
    assert.notEqual(await prepare('n12'), kept[12]);
  });

  it('never reuses a preparation for inputs that are not plain data', async () => {
    const dir = project({ 'a.prompt': `---\nmodel: ${CLAUDE}\n---\nOn {{when}}\n` });
    const file = join(dir, 'a.prompt');
    const analyzer = new Analyzer();
    const when = new Date(0);
    const first = await preparePrompt({ file, inputs: { when }, analyzer });
    assert.notEqual(await preparePrompt({ file, inputs: { when }, analyzer }), first);
  });
});

describe('plainJson and identityOf', () => {
  it('gives JSON only for plain data', () => {
    assert.equal(plainJson({ a: [1, 'x', null, true, { b: 2 }] }), '{"a":[1,"x",null,true,{"b":2}]}');
    // eslint-disable-next-line no-sparse-arrays -- a hole is what is being refused
    const holed = [1, , 2];
    const extra = Object.assign([1, 2], { note: 'x' });
    const hidden = Object.defineProperty({ a: 1 }, 'secret', { value: 'x', enumerable: false });
    const getter = { get now() { return Date.now(); } };
    class Input { a = 1; }
    for (const value of [{ a: undefined }, { d: new Date(0) }, [NaN], { f: () => 1 }, holed, extra, hidden, getter, new Input(), { [Symbol('s')]: 1 }, new Map(), 1n]) {
      assert.equal(plainJson(value), undefined, String(value));
    }
  });

  it('names each object by identity', () => {
    const a = {};
    assert.equal(identityOf(a), identityOf(a));
    assert.notEqual(identityOf(a), identityOf({}));
    assert.equal(identityOf(undefined), 0);
  });
});
