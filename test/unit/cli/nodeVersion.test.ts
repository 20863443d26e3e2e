/** The command line's Node.js version check: the pure rule, its agreement with package.json, and the startup wiring. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FUTURE_SDK_NODE_MAJOR, MINIMUM_NODE_MAJOR, nodeVersionProblem } from '../../../src/cli/nodeVersion';
import { REPO_ROOT as root } from '../../support/paths';


describe('nodeVersionProblem', () => {
  it('accepts the minimum major and anything newer, with or without a leading v', () => {
    for (const version of ['20.0.0', 'v20.20.2', '21.7.3', '22.12.0', 'v24.21.0', '100.0.0']) {
      assert.equal(nodeVersionProblem(version), undefined, version);
    }
  });

  it('refuses an older major in one line naming the minimum, the running version and the SDK\'s coming Node.js 22', () => {
    for (const version of ['18.19.0', 'v16.20.2', '19.9.0', '8.0.0']) {
      const problem = nodeVersionProblem(version);
      assert.ok(problem, version);
      assert.ok(!problem.includes('\n'), problem);
      assert.match(problem, new RegExp(`Node\\.js ${MINIMUM_NODE_MAJOR} or newer`));
      assert.ok(problem.includes(`Node.js ${version.replace(/^v/, '')}`), problem);
      assert.ok(problem.includes(`Node.js ${FUTURE_SDK_NODE_MAJOR}`), problem);
    }
  });

  it('compares majors as numbers, against the minimum it is given', () => {
    assert.ok(nodeVersionProblem('9.11.2', 10));
    assert.equal(nodeVersionProblem('10.0.0', 9), undefined);
    assert.ok(nodeVersionProblem('20.20.2', 22));
    assert.equal(nodeVersionProblem('22.0.0', 22), undefined);
  });

  it('lets a version it cannot read through rather than refusing to start', () => {
    for (const version of ['', 'nightly', 'v', 'x.y.z']) assert.equal(nodeVersionProblem(version), undefined, version);
  });

  it('agrees with package.json engines.node', () => {
    const engines = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines;
    assert.equal(engines.node, `>=${MINIMUM_NODE_MAJOR}`);
  });
});

describe('prompt-cache on an older Node.js', () => {
  it('says what it needs in one line and exits 2 before running any command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-node-version-'));
    try {
      // Node.js 18 is not at hand: a preload makes this process report itself as 18.
      const fake = join(dir, 'node18.cjs');
      writeFileSync(fake, "Object.defineProperty(process.versions, 'node', { value: '18.19.0' });\n");
      const result = spawnSync(process.execPath, ['--require', fake, '--import', 'tsx', join(root, 'src', 'cli.ts'), '--help'], { cwd: root, encoding: 'utf8' });
      assert.equal(result.status, 2, result.stderr);
      assert.equal(result.stdout, '', 'the usage text was printed: the command ran');
      assert.equal(result.stderr, `prompt-cache: ${nodeVersionProblem('18.19.0')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
