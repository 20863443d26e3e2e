// Dotprompt accepts `# …` comment lines (licence headers) and blank lines before the opening `---`:
// the frontmatter must not turn into user text when a file starts with one.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { dotpromptSource, splitFrontmatter } from '../../../src/core/frontmatter';
import { LineIndex } from '../../../src/core/lineIndex';
import { preparePrompt } from '../../../src/node/promptPreparation';
import { analyze } from '../helpers/analyze';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const LICENSED = `# Copyright 2026 Example Authors\n#\n# Licensed under the Apache License, Version 2.0\n\n---\nmodel: ${MODEL}\nconfig:\n  temperature: 0.4\n---\n{{role "system"}}\nBe brief.\n{{role "user"}}\nHello\n`;

describe('frontmatter after a licence comment', () => {
  it('finds the frontmatter after comment and blank lines', () => {
    const split = splitFrontmatter(LICENSED, new LineIndex(LICENSED));
    assert.equal(split.endLine, 8);
    assert.equal(LICENSED.slice(split.yamlStart, split.yamlEnd), `model: ${MODEL}\nconfig:\n  temperature: 0.4\n`);
  });

  it('analyze reads the model and config, and counts no YAML as text', async () => {
    const a = await analyze(LICENSED);
    assert.equal(a.modelId, MODEL);
    assert.equal(a.config.inference.temperature, 0.4);
    assert.deepEqual(a.blocks.map((b) => [b.field, b.range.start.line]), [['system', 10], ['message', 12]]);
  });

  it('export sends the system prompt and config, not the header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-preamble-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    const file = join(dir, 'l.prompt');
    writeFileSync(file, LICENSED);
    const { built } = await preparePrompt({ file });
    assert.deepEqual(built.request.system, [{ text: 'Be brief.' }]);
    assert.deepEqual(built.request.messages, [{ role: 'user', content: [{ text: 'Hello' }] }]);
    assert.equal(built.request.inferenceConfig?.temperature, 0.4);
  });

  it('a line that is neither comment nor blank before --- means no frontmatter, as in Dotprompt', () => {
    const text = `#!/usr/bin/env runner\nmodel: x\n---\nHi\n`;
    assert.equal(splitFrontmatter(text, new LineIndex(text)).yamlStart, -1);
    assert.equal(dotpromptSource(text), text);
  });
});
