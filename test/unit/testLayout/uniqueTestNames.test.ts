// Every test file has a name of its own across the repository, so a name in a report, a doc table
// or a failing run points at exactly one file.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../support/paths';

/** Folders that hold no tests of this repository: installs, builds, downloads, version control. */
const SKIPPED = new Set(['node_modules', 'dist', 'out', 'test-output']);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('.') || SKIPPED.has(entry.name) ? [] : testFiles(path);
    return entry.isFile() && entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Base names used by more than one of `paths`, each with every path that uses it. */
function sharedBaseNames(paths: readonly string[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const path of paths) byName.set(basename(path), [...(byName.get(basename(path)) ?? []), path]);
  return new Map([...byName].filter(([, list]) => list.length > 1));
}

describe('test file names', () => {
  it('finds a base name shared by two folders', () => {
    const shared = sharedBaseNames(['test/a/faults.test.ts', 'test/b/faults.test.ts', 'test/b/other.test.ts']);
    assert.deepEqual([...shared], [['faults.test.ts', ['test/a/faults.test.ts', 'test/b/faults.test.ts']]]);
  });

  it('no two test files in the repository share a base name', () => {
    const files = testFiles(REPO_ROOT).map((path) => relative(REPO_ROOT, path));
    assert.ok(files.length > 50, `expected the repository's test files, found ${files.length}`);
    const shared = [...sharedBaseNames(files)].map(([name, list]) => `${name}: ${list.join(', ')}`);
    assert.deepEqual(shared, [], `rename so each test file name is unique:\n${shared.join('\n')}`);
  });
});
