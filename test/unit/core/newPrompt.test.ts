import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { newPromptText } from '../../../src/core/newPrompt';

test('a new cached prompt analyzes cleanly: its model, its strategy, one cache point before the changing question', async () => {
  const text = newPromptText('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'conservative');
  const a = await new Analyzer().analyze(text);
  assert.equal(a.modelId, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
  assert.equal(a.config.strategy, 'conservative');
  assert.equal(a.cachePoints.length, 1);
  assert.deepEqual(a.findings.filter((f) => f.severity === 'error' || f.code.startsWith('yaml') || f.code === 'key-unknown'), []);
  const hour = await new Analyzer().analyze(newPromptText('us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aggressive', '1h'));
  assert.equal(hour.cachePoints[0].ttl, '1h');
  assert.equal(hour.config.strategy, 'aggressive');
});
