import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { projectRoot, promptWorkspaceRoots } from '../../../src/node/workspaceRoot';

describe('the workspace rule', () => {
  it('is the nearest project folder above the prompt', () => {
    const home = mkdtempSync(join(tmpdir(), 'pcs-home-'));
    const project = join(home, 'work', 'project');
    mkdirSync(join(project, 'prompts', 'deep'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{}');
    assert.equal(projectRoot(join(project, 'prompts', 'deep', 'a.prompt'), home), project);
    assert.deepEqual(promptWorkspaceRoots(join(project, 'prompts', 'deep', 'a.prompt'), { home }), [project]);
  });

  it('is never the home folder: a prompt directly under home may read nothing', () => {
    const home = mkdtempSync(join(tmpdir(), 'pcs-home-'));
    mkdirSync(join(home, '.vscode'));
    mkdirSync(join(home, 'notes'));
    assert.equal(projectRoot(join(home, 'notes', 'a.prompt'), home), join(home, 'notes'));
    assert.deepEqual(promptWorkspaceRoots(join(home, 'a.prompt'), { home }), []);
    assert.deepEqual(promptWorkspaceRoots(join(home, 'a.prompt'), { home, folders: [] }), [], 'no open folder changes nothing');
  });

  it('is never the filesystem root', () => {
    assert.deepEqual(promptWorkspaceRoots('/a.prompt', { home: '/nonexistent-home' }), []);
  });

  it('an explicit --workspace wins, then the editor\'s folders', () => {
    assert.deepEqual(promptWorkspaceRoots('/x/y/a.prompt', { explicit: '/x', folders: ['/z'] }), ['/x']);
    assert.deepEqual(promptWorkspaceRoots('/x/y/a.prompt', { folders: ['/z', '/w'] }), ['/z', '/w']);
  });
});
