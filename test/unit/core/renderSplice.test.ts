/**
 * A render spliced from the last one equals rendering the edited fragment with dotprompt, for
 * random templates (variables, blocks, whitespace control, standalone tags, comments) and random
 * edits; and the usual keystroke (a letter typed into prose before a variable) is spliced.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDotprompt, renderFragmentText } from '../../../src/core/renderer';
import { spliceRender } from '../../../src/core/renderSplice';

const PARTS = ['Hello', ' ', 'world', '\n', '  ', '{{name}}', '{{~name~}}', '{{#if flag}}', '{{/if}}', '\n{{#each items}}\n', '\n{{/each}}\n', '{{! note }}',
  '{{{raw}}}', 'a.b', '<b>', '\\{{x}}', ' ~ ', '---', '\t', 'end.'];
const INSERTS = ['x', 'word', ' ', '\n', '{', '}', '~', '\\', '<', 'é', '.'];
const input = { name: 'Ada', flag: true, items: ['one', 'two'], raw: '<i>' };

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

async function render(fragment: string): Promise<string | undefined> {
  try {
    return await renderFragmentText(createDotprompt(), fragment, input);
  } catch {
    return undefined;
  }
}

describe('render splice', () => {
  it('equals a full render whenever it gives an answer', async () => {
    const next = random(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    let spliced = 0;
    for (let doc = 0; doc < 400; doc++) {
      let fragment = Array.from({ length: 3 + Math.floor(next() * 12) }, () => pick(PARTS)).join('');
      let text = await render(fragment);
      for (let edit = 0; edit < 12 && text !== undefined; edit++) {
        const at = Math.floor(next() * (fragment.length + 1));
        const removed = next() < 0.3 ? Math.floor(next() * 3) : 0;
        const edited = fragment.slice(0, at) + (next() < 0.85 ? pick(INSERTS) : '') + fragment.slice(at + removed);
        const quick = spliceRender(fragment, text, edited);
        const full = await render(edited);
        if (quick !== undefined) {
          spliced++;
          assert.equal(quick, full, `${JSON.stringify(fragment)} → ${JSON.stringify(edited)}`);
        }
        fragment = edited;
        text = full;
      }
    }
    assert.ok(spliced > 50, `${spliced} edits spliced`);
  });

  it('splices a letter typed into prose before a variable, and after it', async () => {
    const fragment = 'Summarize the report below.\nBe brief.\n{{name}}\nThanks for reading.\n';
    const text = (await render(fragment))!;
    const before = fragment.replace('report', 'reports');
    assert.equal(spliceRender(fragment, text, before), await render(before));
    const after = fragment.replace('reading', 'readings');
    assert.equal(spliceRender(fragment, text, after), await render(after));
    // Inside a block helper the text may repeat or vanish: rendered again.
    const looped = 'Items:\n{{#each items}}\n- item\n{{/each}}\n';
    assert.equal(spliceRender(looped, (await render(looped))!, looped.replace('- item', '- items')), undefined);
  });
});
