/**
 * Typing into a large prompt keeps no old version of it alive: the analyzer's memos hold copies of
 * what they keep, never slices of a document (which would keep the whole document).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Analyzer } from '../../../src/core/analyzer';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

describe('analyzer memory while typing', () => {
  it('holds no old version of a 1 MB prompt after 30 keystrokes', async () => {
    const paragraph = (i: number) => `Section ${i}: the contract's terms ≈ obligations, quoted and numbered for review.\n`.repeat(60);
    const lines = ['---', 'model: us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'input:', '  default:', '    question: Why?', '---', '{{role "system"}}'];
    for (let b = 0; b < 200; b++) lines.push(b % 2 ? `{{section "s${b}"}}` : '{{role "user"}}', paragraph(b), b === 199 ? 'Question: {{question}}' : '');
    const analyzer = new Analyzer();
    let text = lines.join('\n');
    let analysis = await analyzer.analyze(text);
    const documentMB = (text.length * 2) / 1024 / 1024;
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 30; i++) {
      // A character typed at the end of a different block each time.
      const block = analysis.blocks[(i * 7) % analysis.blocks.length];
      const at = text.split('\n', block.range.end.line + 1).join('\n').length;
      text = `${text.slice(0, at)}x${text.slice(at)}`;
      analysis = await analyzer.analyze(text);
    }
    gc();
    const grownMB = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    // Keeping each version would grow the heap by 30 documents; the current one and the one
    // before it (kept to compare the next version with) are all that may stay.
    assert.ok(grownMB < 3 * documentMB, `heap grew ${grownMB.toFixed(1)} MB, a document is ${documentMB.toFixed(1)} MB`);
  });
});
