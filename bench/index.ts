/**
 * `npm run bench`: every performance figure next to its target (and baseline), in one run.
 * Benchmarks print numbers; no test asserts on timing.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { activationBench } from './activationBench';
import { analysisBench, type BenchLine } from './analysisBench';
import { plannerBench } from './plannerBench';
import { runBench } from './runBench';

const root = join(__dirname, '..');
// The SDK's notice about Node 20 support ending is noise in benchmark output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

function print(title: string, lines: BenchLine[]): void {
  console.log(`\n## ${title}`);
  for (const l of lines) {
    const value = l.unit === 'MB' ? l.value.toFixed(2) : l.unit === '×' ? l.value.toFixed(3) : l.value < 10 ? l.value.toFixed(2) : l.value.toFixed(1);
    console.log(`${l.name.padEnd(46)} ${`${value} ${l.unit}`.padStart(12)}  ${l.target ? `target ${l.target}` : ''}${l.baseline ? `  (${l.baseline})` : ''}`);
  }
}

async function main(): Promise<void> {
  console.log('Prompt Cache Studio benchmarks (production build)');
  spawnSync('node', ['scripts/build.mjs', '--production'], { cwd: root, stdio: 'inherit' });
  const analysis = await analysisBench();
  print('analysis: 1 MB of real text (READMEs and type declarations of node_modules), 200 blocks', analysis.large);
  print('analysis: 20 KB everyday prompt, same sources', analysis.small);
  print('scanner: adversarial input', analysis.adversarial);
  print('anchors (same machine, same run)', analysis.anchors);

  const activation = activationBench();
  print('activation (dist/extension.js, editor API stubbed)', [
    { name: 'load bundle', value: activation.loadMs, unit: 'ms' },
    { name: 'activate()', value: activation.activateMs, unit: 'ms' },
    { name: 'load + activate', value: activation.loadMs + activation.activateMs, unit: 'ms', target: '≤ 50 ms' },
    { name: 'extension bundle', value: activation.bundleKB / 1024, unit: 'MB', target: 'tokenizer ranks and AWS SDK not loaded at activation' },
  ]);

  // Packaged afresh each run: a .vsix left in dist/ by an earlier build would give a stale size.
  const vsix = join(root, 'dist', 'prompt-cache-studio.vsix');
  rmSync(vsix, { force: true });
  spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'ignore' });
  if (existsSync(vsix)) print('package', [{ name: '.vsix size', value: statSync(vsix).size / 1024 / 1024, unit: 'MB', target: '≤ 3 MB' }]);
  else console.log('\n## package\n.vsix: `npm run package` made none; run it to see why');

  console.log('\n## cache planner vs exhaustive optimum');
  plannerBench();
  print('runs through the product vs the raw SDK (same emulator, same run)', await runBench());
}

void main();
