// Runs node:test over every *.test.ts below the given folders (Node 20's --test has no globs).
// Extra node:test flags may follow `--`.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const argv = process.argv.slice(2);
const split = argv.indexOf('--');
const folders = split >= 0 ? argv.slice(0, split) : argv;
const flags = split >= 0 ? argv.slice(split + 1) : [];

function find(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}

const files = folders.flatMap(find);
if (files.length === 0) {
  console.error(`no *.test.ts files under ${folders.join(', ')}`);
  process.exit(1);
}
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...flags, ...files], { stdio: 'inherit' });
child.on('close', (code) => process.exit(code ?? 1));
