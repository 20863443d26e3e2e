/** Bench entries bundled as the extension and the CLI are built, to run in a fresh process. */
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Bundles a bench entry as the extension is built (production, the packed ranks read from dist/). */
export async function bundled(entry: string): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(ROOT, 'dist', `bench-${entry.replace(/\.ts$/, '')}.js`);
  await build({
    entryPoints: [join(__dirname, entry)], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, logLevel: 'error',
    plugins: [{ name: 'external-ranks', setup: (b) => b.onResolve({ filter: /^js-tiktoken\/ranks\/cl100k_base$/ }, () => ({ path: './cl100k_base.cjs', external: true })) }],
  });
  return outfile;
}
