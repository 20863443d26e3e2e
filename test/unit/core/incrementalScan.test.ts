/**
 * A scan shifted from the last one equals a full scan of the edited text, for every edit: random
 * templates (mustaches, comments, escapes, unclosed and raw markers) and random edits, compared
 * with scanBody itself; and prose typed into a large text takes the shifted path.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rescan } from '../../../src/core/incrementalScan';
import { scanBody } from '../../../src/core/scanner';

const PARTS = ['Hello ', 'world', '\n', '{{name}}', '{{#each items}}', '{{/each}}', '{{#if a}}', '{{/if}}', '{{!-- note {{x}} --}}', '{{! c }}',
  '\\{{escaped}}', '{{', '}}', '{{{raw}}}', '<<<dotprompt:role:user>>>', '<<<dotprompt:rolx:user>>>', '{{role "system"}}', '{{cachePoint}}', ' ', 'x', '-', '<', '>', '\\'];
const INSERTS = ['a', 'word ', '\n', '{', '}', '{{', '}}', '\\', '<', '>', 'prompt:', '<<<dotprompt:', '!', '--', '~', 'e'];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function change(a: string, b: string): { prefix: number; suffix: number } {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return { prefix, suffix };
}

describe('incremental scan', () => {
  it('equals a full scan after every random edit', () => {
    const next = random(2026);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    for (let doc = 0; doc < 300; doc++) {
      let text = Array.from({ length: 5 + Math.floor(next() * 40) }, () => pick(PARTS)).join('');
      const from = next() < 0.3 ? Math.floor(next() * 4) : 0;
      let memo = rescan(undefined, text, from, undefined);
      for (let edit = 0; edit < 30; edit++) {
        const at = from + Math.floor(next() * (text.length - from + 1));
        const removed = next() < 0.4 ? Math.floor(next() * 4) : 0;
        const edited = text.slice(0, at) + (next() < 0.8 ? pick(INSERTS) : '') + text.slice(at + removed);
        memo = rescan(memo, edited, from, change(text, edited));
        assert.deepEqual(memo.result, scanBody(edited, from), `edit ${edit} of ${JSON.stringify(text)} into ${JSON.stringify(edited)}`);
        text = edited;
      }
    }
  });

  it('shifts the last scan when prose is typed outside every mustache', () => {
    const text = `{{role "system"}}\n${'Plain prose line.\n'.repeat(2000)}{{cachePoint}}\n{{role "user"}}\n{{question}}\n`;
    const memo = rescan(undefined, text, 0, undefined);
    const at = text.indexOf('prose');
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const next = rescan(memo, edited, 0, change(text, edited));
    // Mustaches before the edit are the very same objects: nothing was scanned again.
    assert.equal(next.result.mustaches[0], memo.result.mustaches[0]);
    assert.equal(next.result.mustaches[1].start, memo.result.mustaches[1].start + 1);
    assert.deepEqual(next.result, scanBody(edited, 0));
  });

  it('scans in full when an edit inside a raw marker makes it one', () => {
    const text = 'Intro\n<<<dotprompt:rolx:user>>>\nQuestion {{q}}\n';
    const memo = rescan(undefined, text, 0, undefined);
    const edited = text.replace('rolx', 'role');
    const next = rescan(memo, edited, 0, change(text, edited));
    assert.equal(next.result.mustaches[0].kind, 'role');
    assert.deepEqual(next.result, scanBody(edited, 0));
  });
});
