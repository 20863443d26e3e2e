// The integration tiers run the bundled extension (dist/), as users get it: build it if absent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SetupError } from './systemCheck';

export function ensureBuilt(root: string): void {
  if (existsSync(join(root, 'dist', 'extension.js')) && existsSync(join(root, 'dist', 'cli.js')) && existsSync(join(root, 'dist', 'cli-main.js'))) return;
  console.log('dist/ is missing the extension or the CLI: running npm run build');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new SetupError('npm run build failed; the integration tests run the built extension.');
}
