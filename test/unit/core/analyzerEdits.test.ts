/**
 * An analyzer that has seen the previous version of a text takes the counts of untouched blocks as
 * they were; after any sequence of edits its analysis equals a fresh analyzer's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Analyzer } from '../../../src/core/analyzer';
import { knownChange, spanAfter, unchangedSpan } from '../../../src/core/textChangeSpan';

const PARTIALS = { read: (name: string) => (name === 'rules' ? { found: true as const, text: 'Quote {{clause}}.', path: '_rules.prompt' } : { found: false as const, searched: [] }) };

const BASE = [
  '---', 'model: us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'input:', '  default:', '    doc: the contract', 'cache.stable: [doc]', '---',
  '{{role "system"}}', 'You review contracts.\nQuote clause numbers.', '{{section "a"}}', 'Terms: {{doc}} and more terms.', '{{cachePoint}}',
  '{{#each items}}', 'Item {{name}} costs {{price}}.', '{{/each}}', '{{role "user"}}', 'Rules: {{> rules}}', '{{section "b"}}',
  'Plain text block with words.\nAnother line.', '{{section "c"}}', 'Question: {{question}}', '',
].join('\n');

const insertion = fc.constantFrom('x', ' ', '\n', '{{', '}}', '{{#each list}}', '{{/each}}', '{{question}}', '{{role "model"}}', '{{cachePoint}}', 'word ', '---\n', '{{!', '{{> rules}}');
const edit = fc.tuple(fc.nat(), fc.nat(6), insertion, fc.boolean());

describe('analyzer after edits', () => {
  /** Applies the edits one by one; after each, the reused analyzer must agree with a fresh one. */
  const agreesAfterEdits = (account: boolean) => async (edits: [number, number, string, boolean][]) => {
    const reused = new Analyzer();
    let text = BASE;
    await reused.analyze(text, { partials: PARTIALS });
    for (const [at, removed, inserted, remove] of edits) {
      const i = at % (text.length + 1);
      const rangeLength = remove ? Math.min(removed, text.length - i) : 0;
      const next = text.slice(0, i) + (remove ? '' : inserted) + text.slice(i + rangeLength);
      // The editor's change event for this edit, as the analysis service passes it on.
      const known = knownChange(spanAfter(unchangedSpan(text.length), [{ rangeOffset: i, rangeLength, text: remove ? '' : inserted }]), text.length, next.length);
      const again = await reused.analyze(next, { partials: PARTIALS, ...(account && known ? { change: { from: text, ...known } } : {}) });
      text = next;
      assert.deepEqual(again, await new Analyzer().analyze(text, { partials: PARTIALS }), JSON.stringify(text));
    }
  };

  it('a reused analyzer agrees with a fresh one after every edit', async () => {
    await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), agreesAfterEdits(false)), { numRuns: 300, seed: 99 });
  });

  it('takes the counts of blocks before and after a one-line edit as they were', async () => {
    const analyzer = new Analyzer();
    const before = await analyzer.analyze(BASE, { partials: PARTIALS });
    const after = await analyzer.analyze(BASE.replace('Terms: {{doc}}', 'Terms: {{doc}} plus'), { partials: PARTIALS });
    const terms = BASE.split('\n').findIndex((line) => line.startsWith('Terms'));
    const edited = after.blocks.findIndex((b) => b.range.start.line <= terms && b.range.end.line >= terms && b.kind === 'text');
    assert.ok(edited > 0);
    // Untouched plain blocks share the previous analysis's results; the edited one is new.
    assert.equal(after.blocks[0].changing, before.blocks[0].changing);
    assert.equal(after.blocks.at(-1)!.changing, before.blocks.at(-1)!.changing);
    assert.notEqual(after.blocks[edited].changing, before.blocks[edited].changing);
    assert.ok(after.blocks[edited].rawTokens > before.blocks[edited].rawTokens);
  });

  it('given the editor\'s account of each edit, agrees with a fresh analyzer', async () => {
    await fc.assert(fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), agreesAfterEdits(true)), { numRuns: 200, seed: 7 });
  });

  it('an analysis started while the one before is still counting reuses no count of an older text', async () => {
    // Large enough (above 256 KB, slow to count) that the first analysis yields while counting.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = () => Array.from({ length: 3 + Math.floor(random() * 8) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
    const paragraphs = Array.from({ length: 6 }, () => Array.from({ length: 12000 }, word).join(' '));
    // Same-length edits: a block's offsets stay, only its count changes.
    const version = (edited: number[]) => ['---', 'model: us.anthropic.claude-sonnet-4-5-20250929-v1:0', '---', '{{role "system"}}',
      paragraphs.map((p, i) => (edited.includes(i) ? p.replaceAll(' ', '~') : p)).join('\n{{section "x"}}\n'), ''].join('\n');
    const analyzer = new Analyzer();
    await analyzer.analyze(version([]));
    const first = analyzer.analyze(version([1]));
    const second = analyzer.analyze(version([1, 4]));
    await first;
    assert.deepEqual((await second).blocks.map((b) => b.rawTokens), (await new Analyzer().analyze(version([1, 4]))).blocks.map((b) => b.rawTokens));
  });
});
