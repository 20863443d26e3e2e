/**
 * The CLI starts with only what the command needs: its entry loads no command statically, and
 * nothing reached at start pulls in the AWS SDK or the Redis client (they are most of the code to
 * compile, and `analyze` needs neither).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

/** Every input reached from `entry` through static imports and requires, not dynamic imports. */
function staticallyReached(meta: Metafile, entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length > 0) {
    for (const edge of meta.inputs[todo.pop()!]?.imports ?? []) {
      if (edge.kind === 'dynamic-import' || edge.external || seen.has(edge.path)) continue;
      seen.add(edge.path);
      todo.push(edge.path);
    }
  }
  return seen;
}

test('the CLI entry reaches no command, AWS SDK or Redis client through static imports', async () => {
  const result = await build({
    entryPoints: [join(ROOT, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent',
    external: ['js-tiktoken/ranks/cl100k_base'], absWorkingDir: ROOT,
  });
  const reached = [...staticallyReached(result.metafile, 'src/cli.ts')];
  assert.ok(reached.includes('src/cli/usages.ts'), 'usage lines are loaded at start');
  assert.deepEqual(reached.filter((p) => /^src\/cli\/\w+Command\.ts$/.test(p)), []);
  assert.deepEqual(reached.filter((p) => p.startsWith('src/aws/') || /node_modules\/(@aws-sdk|@smithy|ioredis)\//.test(p)), []);
  // …while `analyze` still reaches the analyzer, and only when it is called.
  assert.ok(Object.keys(result.metafile.inputs).includes('src/cli/analyzeCommand.ts'));
});

// The launcher compiles dist/cli-main.js itself to start it from V8's code cache, and code started
// that way cannot make a dynamic import(); the parts it loads (required) are compiled by Node.js.
test('the CLI bundle loads its separate parts with require, never a dynamic import() its code cache could not make', async () => {
  const { externalRanks, lazyAwsCommands, lazyRedis } = await import('../../../scripts/bundlePlugins.mjs');
  const result = await build({
    entryPoints: [join(ROOT, 'src/cli.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent',
    absWorkingDir: ROOT, plugins: [externalRanks, lazyAwsCommands, lazyRedis],
  });
  const code = result.outputFiles[0].text;
  assert.doesNotMatch(code, /\bimport\(/);
  for (const part of ['./cli-aws.js', './cli-redis.js', './cl100k_base.cjs']) assert.ok(code.includes(`require("${part}")`), part);
});
