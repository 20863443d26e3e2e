// esbuild plugins for modules kept out of a bundle (scripts/build.mjs); tests bundle with them too.

/**
 * A module kept out of a bundle and required from the file beside it when first used. esbuild
 * leaves an `import()` of an external file as a real dynamic import, which code started from V8's
 * code cache cannot make (src/cli/codeCacheLauncher.ts): so the import resolves to a stand-in
 * module that requires the file, and esbuild loads that stand-in lazily like any other module.
 */
export function besideBundle(name, filter, file) {
  return {
    name,
    setup(build) {
      build.onResolve({ filter }, () => ({ path: file, namespace: 'beside-bundle' }));
      build.onResolve({ filter: /.*/, namespace: 'beside-bundle' }, (args) => ({ path: args.path, external: true }));
      build.onLoad({ filter: /.*/, namespace: 'beside-bundle' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
    },
  };
}

/** Keeps js-tiktoken's rank module out of the bundles: they read the packed ranks instead. */
export const externalRanks = besideBundle('external-ranks', /^js-tiktoken\/ranks\/cl100k_base$/, './cl100k_base.cjs');

/** The CLI's Bedrock commands live in their own bundle, loaded by the commands that need them. */
export const lazyAwsCommands = besideBundle('lazy-aws-commands', /\/cli\/awsCommands$/, './cli-aws.js');

/** The Redis client is loaded only for a `redis://` response cache: a bundle of its own for the CLI. */
export const lazyRedis = besideBundle('lazy-redis', /\/redisResponseStore$/, './cli-redis.js');

