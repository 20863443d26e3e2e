// Bundles the extension host code, the CLI and (when present) the webview app with esbuild.
// The tokenizer's ranks are packed into a file of their own next to the bundles, read only when
// the first token count is needed, never during activation.
import * as esbuild from 'esbuild';
import { externalRanks, lazyAwsCommands, lazyRedis } from './bundlePlugins.mjs';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = dirname(dirname(new URL(import.meta.url).pathname));

mkdirSync(join(root, 'dist'), { recursive: true });
// The emulator, independent of the product's tokenizer, counts with js-tiktoken's own module.
copyFileSync(require.resolve('js-tiktoken/ranks/cl100k_base'), join(root, 'dist', 'cl100k_base.cjs'));

/** js-tiktoken's base64 rank file, decoded once here by src/core/rankTable.ts's own packer. */
async function packRanks(path) {
  const out = await esbuild.build({ entryPoints: [join(root, 'src/core/rankTable.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'warning' });
  const module = { exports: {} };
  new Function('module', 'exports', out.outputFiles[0].text)(module, module.exports);
  writeFileSync(path, await module.exports.packRanks(require('js-tiktoken/ranks/cl100k_base'), async () => {}));
}
await packRanks(join(root, 'dist', 'cl100k_base.ranks'));

/**
 * V8's compiled code for the CLI bundle, written by a run of `analyze` over examples/ so that even
 * the first command starts from it (src/cli/codeCacheLauncher.ts checks it against the source).
 */
const cliCodeCache = join(root, 'dist', 'cli-main.cache');
rmSync(cliCodeCache, { force: true });
function writeCliCodeCache() {
  const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.prompt')).map((f) => join(root, 'examples', f));
  spawnSync(process.execPath, [join(root, 'dist', 'cli.js'), 'analyze', ...examples], { cwd: root, stdio: 'ignore', env: { ...process.env, PROMPT_CACHE_CODE_CACHE: 'write' } });
  if (!existsSync(cliCodeCache)) console.warn('The CLI code cache was not written: the CLI will compile its bundle on every start.');
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  plugins: [externalRanks],
};

/** The editor loads the AWS layer from its own bundle on first use (see src/aws/index.ts). */
const lazyAws = {
  name: 'lazy-aws',
  setup(build) {
    build.onResolve({ filter: /\/aws\/index$/ }, () => ({ path: './aws.js', external: true }));
  },
};

const builds = [
  { ...common, entryPoints: [join(root, 'src/extension.ts')], outfile: join(root, 'dist/extension.js'), external: ['vscode'], plugins: [externalRanks, lazyAws] },
  { ...common, entryPoints: [join(root, 'src/aws/index.ts')], outfile: join(root, 'dist/aws.js') },
  { ...common, entryPoints: [join(root, 'src/cli.ts')], outfile: join(root, 'dist/cli-main.js'), plugins: [externalRanks, lazyAwsCommands, lazyRedis] },
  { ...common, entryPoints: [join(root, 'src/cli/codeCacheLauncher.ts')], outfile: join(root, 'dist/cli.js'), banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: [join(root, 'src/cli/awsCommands.ts')], outfile: join(root, 'dist/cli-aws.js'), plugins: [externalRanks, lazyRedis] },
  { ...common, entryPoints: [join(root, 'src/node/redisResponseStore.ts')], outfile: join(root, 'dist/cli-redis.js') },
];
if (existsSync(join(root, 'src/webview/main.ts'))) {
  // The panel's icon font ships beside its bundle: webviews may only read media/.
  mkdirSync(join(root, 'media/build/codicons'), { recursive: true });
  for (const name of ['codicon.css', 'codicon.ttf']) {
    copyFileSync(require.resolve(`@vscode/codicons/dist/${name}`), join(root, 'media/build/codicons', name));
  }
  builds.push({
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: production,
    sourcemap: production ? false : 'inline', logLevel: 'warning',
    entryPoints: [join(root, 'src/webview/main.ts')], outfile: join(root, 'media/build/usagePanel.js'),
  });
}
if (existsSync(join(root, 'emulator/main.ts'))) {
  builds.push({ ...common, entryPoints: [join(root, 'emulator/main.ts')], outfile: join(root, 'dist/emulator.js') });
}

if (watch) {
  // One "started" line when the first bundle begins and one "finished" line when the last one ends:
  // the `watch` task in .vscode/tasks.json waits for that pair (errors print between them).
  let pending = 0;
  const watchLog = {
    name: 'watch-log',
    setup(build) {
      build.onStart(() => { if (pending++ === 0) console.log('[watch] build started'); });
      build.onEnd(() => { if (--pending === 0) console.log('[watch] build finished'); });
    },
  };
  for (const options of builds) await (await esbuild.context({ ...options, plugins: [...(options.plugins ?? []), watchLog] })).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
  writeCliCodeCache();
}
