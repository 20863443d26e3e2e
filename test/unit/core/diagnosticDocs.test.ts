import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { diagnosticDocsUrl, problemsMessage, REPOSITORY_URL } from '../../../src/core/diagnosticDocs';
import { REPO_ROOT } from '../../support/paths';

test('every documented code has an anchor of its own name, and the link points at it', () => {
  const docs = readFileSync(join(REPO_ROOT, 'docs', 'diagnostics.md'), 'utf8');
  for (const code of ['cache-below-minimum', 'model-needs-profile', 'model-missing', 'yaml-invalid', 'cache-after-changing']) {
    assert.ok(docs.includes(`<a id="${code}"></a>`), `${code} has no anchor`);
    assert.equal(diagnosticDocsUrl(code), `${REPOSITORY_URL}/blob/main/docs/diagnostics.md#${code}`);
  }
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  assert.equal(manifest.repository.url.replace(/\.git$/, ''), REPOSITORY_URL);
});

test('Problems messages carry no literal backticks', () => {
  assert.equal(problemsMessage('No model: add `model:` to the frontmatter or set promptCache.defaultModel.'), 'No model: add "model:" to the frontmatter or set promptCache.defaultModel.');
  assert.equal(problemsMessage('plain'), 'plain');
});
