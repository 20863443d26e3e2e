import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli';
import { adviseCachePoints } from '../../../src/core/cacheAdvice';
import { DEFAULT_CACHE_SETTINGS } from '../../../src/core/promptConfig';
import { applyEdits, insertionEdit, removeAllEdits, unifiedDiff } from '../../../src/core/suggestionEdits';
import { foldingRanges } from '../../../src/core/folding';
import { analyze, prose } from '../helpers/analyze';

const NEEDS_ADVICE = `---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\ninput:\n  default:\n    question: why?\n---\n{{role "system"}}\nBe precise.\n{{role "user"}}\n${prose(1500)}\nQuestion: {{question}}\n`;

describe('suggestion edits', () => {
  it('inserting every suggestion leaves a file with no suggestion and no finding', async () => {
    const a = await analyze(NEEDS_ADVICE);
    const advice = adviseCachePoints(a, DEFAULT_CACHE_SETTINGS);
    assert.equal(advice.suggestions.length, 1);
    assert.equal(advice.suggestions[0].line, 10);
    const fixed = applyEdits(NEEDS_ADVICE, advice.suggestions.map(insertionEdit));
    assert.equal(fixed.split('\n')[10], '{{cachePoint}}');
    const after = adviseCachePoints(await analyze(fixed), DEFAULT_CACHE_SETTINGS);
    assert.deepEqual(after.suggestions, []);
    assert.deepEqual(after.findings, []);
  });

  it('remove all cache points restores the original text', async () => {
    const withPoints = NEEDS_ADVICE.replace('Question:', '{{cachePoint}}\nQuestion:').replace('{{role "user"}}', '{{cachePoint ttl="1h"}}\n{{role "user"}}');
    const a = await analyze(withPoints);
    assert.equal(a.cachePoints.length, 2);
    assert.equal(applyEdits(withPoints, removeAllEdits(a, withPoints)), NEEDS_ADVICE);
  });

  it('inserted lines take the file\'s own line ending', async () => {
    const crlf = NEEDS_ADVICE.replace(/\n/g, '\r\n');
    const advice = adviseCachePoints(await analyze(crlf), DEFAULT_CACHE_SETTINGS);
    const fixed = applyEdits(crlf, advice.suggestions.map(insertionEdit));
    assert.ok(fixed.includes('\r\n{{cachePoint}}\r\nQuestion:'));
    assert.ok(!/[^\r]\n/.test(fixed), 'no bare \\n line ending in a CRLF file');
  });

  it('a unified diff shows the inserted line with context', () => {
    const diff = unifiedDiff('f.prompt', 'a\nb\nc\n', 'a\nb\n{{cachePoint}}\nc\n');
    assert.equal(diff, '--- f.prompt\n+++ f.prompt\n@@ -1,4 +1,5 @@\n a\n b\n+{{cachePoint}}\n c\n ');
  });
});

describe('cli analyze --fix', () => {
  it('--dry-run prints the diff and leaves the file alone; --fix writes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-fix-'));
    const file = join(dir, 'advice.prompt');
    writeFileSync(file, NEEDS_ADVICE);
    let out = '';
    assert.equal(await main(['analyze', '--fix', '--dry-run', file], (s) => { out += s + '\n'; }), 0);
    assert.match(out, /^\+\{\{cachePoint\}\}$/m);
    assert.equal(readFileSync(file, 'utf8'), NEEDS_ADVICE);
    assert.equal(await main(['analyze', '--fix', file], () => undefined), 0);
    assert.match(readFileSync(file, 'utf8'), /\n\{\{cachePoint\}\}\nQuestion:/);
  });

  it('--dry-run without --fix is a usage error', async () => {
    assert.equal(await main(['analyze', '--dry-run', 'x.prompt'], () => undefined), 2);
  });
});

describe('folding', () => {
  it('folds the frontmatter, each role section, block helpers and comments', async () => {
    const text = '---\nmodel: x\n---\n{{role "system"}}\na\nb\n{{role "user"}}\n{{#if x}}\nc\n{{/if}}\n{{!--\nnote\n--}}\n';
    const a = await analyze(text);
    assert.deepEqual(a.folds, [
      { start: 0, end: 2 }, { start: 3, end: 5 }, { start: 6, end: 12 }, { start: 7, end: 9 }, { start: 10, end: 12, kind: 'comment' },
    ]);
    assert.equal(typeof foldingRanges, 'function');
  });
});
