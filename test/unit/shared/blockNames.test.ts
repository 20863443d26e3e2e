/** One name per block, whoever names it: outline, hover, CLI and the panel's ribbon. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockName, requestPath } from '../../../src/shared/blockNames';
import { formatReportTable } from '../../../src/cli/reportTable';
import { toReport } from '../../../src/core/analysisReport';
import { blockHover } from '../../../src/core/hoverText';
import { ribbonBlocks } from '../../../src/aws/promptRunner';
import { analyze } from '../helpers/analyze';

const PROMPT = '---\nmodel: anthropic.claude-3-7-sonnet-20250219-v1:0\n---\n{{role "system"}}\nYou review contracts.\n{{role "user"}}\nRead this.\n{{role "model"}}\nDone.\n{{role "user"}}\nAnd {{question}}\n';

describe('block names', () => {
  it('names blocks as a reader counts messages, from 1', () => {
    assert.equal(blockName({ field: 'tools', kind: 'tools' }), 'Tools');
    assert.equal(blockName({ field: 'system' }), 'System');
    assert.equal(blockName({ field: 'message', messageIndex: 0, role: 'user' }), 'User message 1');
    assert.equal(blockName({ field: 'message', messageIndex: 1, role: 'model' }), 'Model message 2');
    assert.equal(blockName({ field: 'message', messageIndex: 2, role: 'user', kind: 'media' }), 'User message 3 (media)');
    assert.equal(blockName({ field: 'message', messageIndex: 3, kind: 'history' }), 'History');
    assert.equal(requestPath({ field: 'message', messageIndex: 2 }), 'messages[2]');
  });

  it('the CLI table, the hover and the ribbon use the same names', async () => {
    const a = await analyze(PROMPT);
    const names = a.blocks.map((b) => blockName(b));
    assert.deepEqual(names, ['System', 'User message 1', 'Model message 2', 'User message 3']);
    assert.deepEqual(ribbonBlocks(a).map((b) => b.label), names);
    const table = formatReportTable(toReport('x.prompt', a, [], [], '5m'));
    for (const name of names) assert.match(table, new RegExp(`\\s${name}\\s`));
    assert.match(blockHover(a, a.blocks[2]), /Lands in \*\*Model message 2\*\* \(`messages\[1\]` of the request\)/);
  });
});
