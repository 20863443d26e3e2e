// The shared data folder is found from one place: PROMPT_CACHE_SHARED, else ../shared beside the
// repository; a missing piece gives a skip reason naming the path looked in.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { REPO_ROOT } from '../../support/paths';
import { SHARED_ENV, sharedData, sharedRoot } from '../../support/sharedData';

describe('shared data location', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-shared-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to the shared folder beside the repository', () => {
    assert.equal(sharedRoot({}), resolve(REPO_ROOT, '..', 'shared'));
    assert.equal(sharedRoot({ [SHARED_ENV]: '  ' }), resolve(REPO_ROOT, '..', 'shared'));
  });

  it('takes the folder from the environment variable', () => {
    mkdirSync(join(dir, 'conformance', 'spec'), { recursive: true });
    assert.deepEqual(sharedData('conformance/spec', { [SHARED_ENV]: dir }), { path: join(dir, 'conformance', 'spec'), skip: false });
  });

  it('gives a skip reason naming the path and the variable when the data is absent', () => {
    const missing = sharedData('corpus/none', { [SHARED_ENV]: dir });
    assert.equal(missing.path, join(dir, 'corpus', 'none'));
    assert.ok(missing.skip);
    assert.ok(missing.skip.includes(join(dir, 'corpus', 'none')), missing.skip);
    assert.ok(missing.skip.includes(SHARED_ENV), missing.skip);
  });
});
