import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shortModelName } from '../../../src/shared/modelNames';

test('short model names drop provider, date and version, and keep the inference-profile region', () => {
  assert.equal(shortModelName('us.anthropic.claude-sonnet-4-20250514-v1:0'), 'claude-sonnet-4 (us)');
  assert.equal(shortModelName('anthropic.claude-3-5-haiku-20241022-v1:0'), 'claude-3-5-haiku');
  assert.equal(shortModelName('amazon.nova-pro-v1:0'), 'nova-pro');
  assert.equal(shortModelName('global.anthropic.claude-sonnet-4-5-20250929-v1:0'), 'claude-sonnet-4-5 (global)');
  assert.equal(shortModelName('arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/abc123'), 'abc123');
  assert.equal(shortModelName('my-model'), 'my-model');
});
