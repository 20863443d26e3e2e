// Prepares the "Extension Tests" launch configuration in .vscode/launch.json: bundles the
// integration suite into out/integration/ and puts a fresh copy of the fixture workspace under the
// git-ignored .vscode-test/ folder (the tests edit and save its files, so never the originals).
import { cpSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compileIntegrationTests } from './compileTests';

const root = resolve(__dirname, '..', '..');
const workspace = join(root, '.vscode-test', 'launch-workspace');

async function main(): Promise<void> {
  await compileIntegrationTests(root);
  rmSync(workspace, { recursive: true, force: true });
  cpSync(join(root, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  console.log(`integration suite in out/integration/, fixture workspace copied to ${workspace}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
