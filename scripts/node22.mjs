// Node.js 22 for the test tiers that CI runs a second time on it (the AWS SDK's releases after the
// first week of January 2027 need Node.js 22). Like the integration tier's Node, the build comes from
// the npm registry as a package (node-<platform>-<arch>), installed once into the git-ignored
// .cache/ folder and reused while its version matches; nothing is fetched from anywhere else.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NODE22_VERSION = '22.23.3';

/** The running Node.js major version. */
export const currentNodeMajor = () => Number(process.versions.node.split('.')[0]);

/**
 * Returns the folder holding Node.js 22's `node` binary, installing the package first if needed.
 * Throws with npm's last output when the install fails.
 */
export function ensureNode22(root, log = console.log) {
  const packageName = `node-${process.platform}-${process.arch}`;
  const dir = join(root, '.cache', `node-${NODE22_VERSION}`);
  const bin = join(dir, 'node_modules', packageName, 'bin');
  // Written last: a folder without it is an install that did not finish.
  const marker = join(dir, 'installed');
  if (existsSync(marker) && existsSync(join(bin, 'node'))) return bin;
  if (process.platform === 'win32') throw new Error('Node.js 22 from the npm registry is set up for Linux and macOS only.');
  log(`installing ${packageName}@${NODE22_VERSION} from the npm registry into .cache/ (first run only)`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, description: 'Node.js 22 for the test tiers' }, null, 2));
  // What an outer `npm run` exported (its project, prefix and settings) must not leak into this install,
  // and a private npm cache keeps it out of the home folder.
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_/i.test(key)) delete env[key];
  env.npm_config_cache = join(dir, 'npm-cache');
  env.npm_config_update_notifier = 'false';
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--loglevel=error', `${packageName}@${NODE22_VERSION}`], {
    cwd: dir, env, encoding: 'utf8',
  });
  rmSync(env.npm_config_cache, { recursive: true, force: true });
  if (result.status !== 0 || !existsSync(join(bin, 'node'))) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`npm install ${packageName}@${NODE22_VERSION} failed (exit ${result.status}):\n${`${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-4000)}`);
  }
  writeFileSync(marker, NODE22_VERSION);
  return bin;
}
