// Cache points take their place in Bedrock's reading order, whatever the source order.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';

describe('cache point placement', () => {
  it('a system point written after the user text still closes the system prefix, and segments follow Bedrock\'s order', async () => {
    const text = '---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n---\n{{role "user"}}\nQuestion text here.\n{{cachePoint}}\n{{role "system"}}\nSystem rules go here.\n{{cachePoint}}\n';
    const analysis = await new Analyzer().analyze(text);
    const [user, system] = analysis.cachePoints;
    assert.equal(system.field, 'system');
    assert.ok(system.prefixTokens < user.prefixTokens, 'the system prefix comes first');
    assert.equal(system.segmentTokens, system.prefixTokens);
    assert.equal(user.segmentTokens, user.prefixTokens - system.prefixTokens);
  });
});
