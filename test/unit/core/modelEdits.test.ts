import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEdits } from '../../../src/core/suggestionEdits';
import { callableId, profileIds, setModelEdit } from '../../../src/core/modelEdits';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';

test('setting the model replaces the value, adds the key, or adds a frontmatter', () => {
  const id = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
  assert.equal(applyEdits('---\nmodel: mystery-model  \nconfig: {}\n---\nHi\n', [setModelEdit('---\nmodel: mystery-model  \nconfig: {}\n---\nHi\n', id)]), `---\nmodel: ${id}  \nconfig: {}\n---\nHi\n`);
  assert.equal(applyEdits('---\nconfig: {}\n---\nHi\n', [setModelEdit('---\nconfig: {}\n---\nHi\n', id)]), `---\nmodel: ${id}\nconfig: {}\n---\nHi\n`);
  assert.equal(applyEdits('Hi\n', [setModelEdit('Hi\n', id)]), `---\nmodel: ${id}\n---\nHi\n`);
  // A `model:` line in the body is not the key.
  assert.equal(applyEdits('---\na: 1\n---\nmodel: x\n', [setModelEdit('---\na: 1\n---\nmodel: x\n', id)]), `---\nmodel: ${id}\na: 1\n---\nmodel: x\n`);
});

test('profile IDs for a bare base ID; catalog rows that need a profile are written with one', () => {
  assert.deepEqual(profileIds('anthropic.claude-sonnet-4-5-20250929-v1:0').slice(0, 2), ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'global.anthropic.claude-sonnet-4-5-20250929-v1:0']);
  const needs = MODEL_CATALOG.find((r) => r.requiresProfile)!;
  const direct = MODEL_CATALOG.find((r) => !r.requiresProfile)!;
  assert.equal(callableId(needs), `us.${needs.id}`);
  assert.equal(callableId(direct), direct.id);
});
