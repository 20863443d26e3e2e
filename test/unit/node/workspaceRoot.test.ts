import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliWorkspaceRoots, projectRoot } from '../../../src/node/workspaceRoot';

describe('CLI workspace root', () => {
  it('is the nearest project folder above the prompt', () => {
    const home = mkdtempSync(join(tmpdir(), 'pcs-home-'));
    const project = join(home, 'work', 'project');
    mkdirSync(join(project, 'prompts', 'deep'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{}');
    assert.equal(projectRoot(join(project, 'prompts', 'deep', 'a.prompt'), home), project);
  });

  it('is never the home folder: a prompt directly under home gets its own folder only', () => {
    const home = mkdtempSync(join(tmpdir(), 'pcs-home-'));
    mkdirSync(join(home, '.vscode'));
    mkdirSync(join(home, 'notes'));
    assert.equal(projectRoot(join(home, 'notes', 'a.prompt'), home), join(home, 'notes'));
    assert.deepEqual(cliWorkspaceRoots(join(home, 'a.prompt'), undefined, home), []);
  });

  it('an explicit --workspace wins', () => {
    assert.deepEqual(cliWorkspaceRoots('/x/y/a.prompt', '/x'), ['/x']);
  });
});
