// Bundles the integration suite for the extension host: the index and each *.test.ts file become
// one CommonJS file each in out/integration/. `vscode` is provided by the host and mocha is loaded
// from node_modules at run time (it resolves its reporters and interfaces by name).
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export async function compileIntegrationTests(root: string): Promise<string> {
  const source = join(root, 'test', 'integration');
  const outdir = join(root, 'out', 'integration');
  const entryPoints = readdirSync(source)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .map((name) => join(source, name));
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return join(outdir, 'index.js');
}
