import assert from 'node:assert/strict';
import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FileTextCache } from '../../../src/node/fileTextCache';
import { WorkspaceFiles } from '../../../src/node/promptFiles';

function workspace(): { dir: string; prompt: string; partial: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-partials-'));
  writeFileSync(join(dir, 'main.prompt'), 'Hello {{> rules}}\n');
  writeFileSync(join(dir, '_rules.prompt'), 'Quote the clause.\n');
  return { dir, prompt: join(dir, 'main.prompt'), partial: join(dir, '_rules.prompt') };
}

describe('partials cached by path and modification time', () => {
  it('reads a partial from disk once while it is unchanged', () => {
    const { dir, prompt } = workspace();
    const cache = new FileTextCache();
    const files = new WorkspaceFiles([dir]);
    for (let i = 0; i < 5; i++) {
      const found = files.partialSource(prompt, [], cache).read('rules');
      assert.ok(found.found && found.text === 'Quote the clause.\n');
    }
    assert.equal(cache.reads, 1);
  });

  it('reads it again when its modification time or size changes', () => {
    const { dir, prompt, partial } = workspace();
    const cache = new FileTextCache();
    const source = new WorkspaceFiles([dir]).partialSource(prompt, [], cache);
    source.read('rules');
    writeFileSync(partial, 'Quote the clause and its number.\n');
    const found = source.read('rules');
    assert.ok(found.found && found.text === 'Quote the clause and its number.\n');
    assert.equal(cache.reads, 2);
  });

  it('an edit that keeps size and time is seen once the watcher invalidates the path', () => {
    const { dir, prompt, partial } = workspace();
    const cache = new FileTextCache();
    const source = new WorkspaceFiles([dir]).partialSource(prompt, [], cache);
    // Whole seconds, which every file system stores exactly.
    utimesSync(partial, 1_700_000_000, 1_700_000_000);
    source.read('rules');
    writeFileSync(partial, 'Quote the number.\n');
    utimesSync(partial, 1_700_000_000, 1_700_000_000);
    assert.equal(statSync(partial).size, 'Quote the clause.\n'.length);
    const stale = source.read('rules');
    assert.ok(stale.found && stale.text === 'Quote the clause.\n', 'same size and time: the cached text');
    assert.equal(cache.invalidate(partial), true);
    assert.equal(cache.invalidate(partial), false, 'nothing cached any more');
    const fresh = source.read('rules');
    assert.ok(fresh.found && fresh.text.startsWith('Quote the number.'));
  });
});
