/**
 * Analysis speed on real text (bench/realCorpus.ts): a 1 MB prompt of 200 blocks and a 20 KB
 * everyday prompt. Cold open with the tokenizer load in the window, the longest time the event
 * loop was blocked meanwhile, keystrokes (CPU, garbage collection included), a 1 MB adversarial
 * file for the scanner, and the CLI as a whole process. Every figure comes with its target and
 * the anchors it should be read against, measured in the same run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Analyzer } from '../src/core/analyzer';
import { scanBody } from '../src/core/scanner';
import { loadTokenCounter } from '../src/core/tokenizer';
import { generatePrompt } from './promptGenerator';
import { realPrompt } from './realCorpus';
import { watchEventLoop } from './eventLoopWatch';
import { bundled } from './bundled';

export interface BenchLine { name: string; value: number; unit: string; target?: string; baseline?: string }

const ROOT = join(__dirname, '..');
/** Keystrokes typed after opening before the timed ones: the compiler has warmed up by then. */
const WARM_KEYSTROKES = 1000;
const TIMED_KEYSTROKES = 1000;
const TYPING = `whole-process CPU, ${TIMED_KEYSTROKES} keystrokes after ${WARM_KEYSTROKES}`;
const gcLine = (t: { gcCount: number; gcMs: number }) => `GC included: ${t.gcCount} collections, ${t.gcMs.toFixed(0)} ms over those keystrokes`;

/** Measures the longest gap between event-loop turns while `work` runs. */
async function longestSlice(work: () => Promise<unknown>): Promise<{ ms: number; longest: number }> {
  const watch = watchEventLoop();
  const start = performance.now();
  await work();
  const ms = performance.now() - start;
  return { ms, longest: watch.stop() };
}

function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);

/** Anchor: cl100k's own pre-tokenizer regular expression over the text, nothing else. */
async function regexSplitMsPerMB(text: string): Promise<number> {
  const { pat_str: pattern } = (await import('js-tiktoken/ranks/cl100k_base')).default;
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    let pieces = 0;
    for (const _ of text.matchAll(new RegExp(pattern, 'gu'))) pieces++;
    runs.push((performance.now() - t0) / (text.length / 1024 / 1024) + pieces * 0);
  }
  return median(runs);
}

/** Anchor: js-tiktoken's own encoder, built and run over the same text. */
async function jsTiktoken(text: string): Promise<{ loadMs: number; countMs: number }> {
  const [{ Tiktoken }, ranks] = await Promise.all([import('js-tiktoken/lite'), import('js-tiktoken/ranks/cl100k_base')]);
  const t0 = performance.now();
  const encoder = new Tiktoken(ranks.default);
  const t1 = performance.now();
  encoder.encode(text, [], []);
  return { loadMs: t1 - t0, countMs: performance.now() - t1 };
}

function nodeStartMs(): number {
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

/** Cold open in fresh processes running bench/coldOpen.ts bundled as the extension is. */
async function coldOpen(file: string): Promise<{ ms: number; firstMs: number; loadMs: number; longest: number; blocks: number; tokens: number }> {
  const outfile = await bundled('coldOpen.ts');
  const runs = [0, 1, 2].map(() => JSON.parse(spawnSync(process.execPath, [outfile, file], { encoding: 'utf8' }).stdout) as { ms: number; firstMs: number; loadMs: number; longest: number; blocks: number; tokens: number });
  runs.sort((a, b) => a.ms - b.ms);
  return runs[1];
}

interface Typing { median: number; p95: number; openingMedian: number; openingP95: number; gcCount: number; gcMs: number }

/** Keystrokes in a fresh process running bench/keystrokeRun.ts bundled as the extension is. */
async function typing(file: string, warm: number, timed: number): Promise<Typing> {
  const outfile = await bundled('keystrokeRun.ts');
  const run = spawnSync(process.execPath, [outfile, file, String(warm), String(timed)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`keystroke bench failed: ${run.stderr.slice(0, 500)}`);
  return JSON.parse(run.stdout) as Typing;
}

/**
 * `node dist/cli.js analyze FILE` as a whole process: wall time and peak resident memory. With
 * `codeCache: 'off'` the CLI compiles its bundle as it would without the cache the build writes.
 */
function cliAnalyze(file: string, codeCache: 'off' | 'report' = 'report'): { wallMs: number; rssMB: number; codeCache: string } {
  const walls: number[] = [];
  const rss: number[] = [];
  let state = 'not reported';
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, ['--require', join(__dirname, 'reportPeakMemory.cjs'), join(ROOT, 'dist', 'cli.js'), 'analyze', file], {
      encoding: 'utf8', env: { ...process.env, PROMPT_CACHE_CODE_CACHE: codeCache },
    });
    walls.push(performance.now() - t0);
    const peak = /peak-rss-kb (\d+)/.exec(run.stderr);
    if (!peak) throw new Error(`cli analyze printed no memory figure: ${run.stderr.slice(0, 500)}`);
    rss.push(Number(peak[1]) / 1024);
    state = /code cache: (\w+)/.exec(run.stderr)?.[1] ?? state;
  }
  return { wallMs: median(walls), rssMB: median(rss), codeCache: state };
}

export async function analysisBench(): Promise<{ large: BenchLine[]; small: BenchLine[]; adversarial: BenchLine[]; anchors: BenchLine[] }> {
  const real = realPrompt(200, 5000);
  const text = real.text;
  const smallText = realPrompt(4, 5000).text;

  const dir = mkdtempSync(join(tmpdir(), 'pcs-bench-'));
  const file = join(dir, 'large.prompt');
  writeFileSync(file, text);
  const smallFile = join(dir, 'small.prompt');
  writeFileSync(smallFile, smallText);
  const cold = await coldOpen(file);
  const loadMs = cold.loadMs;
  await loadTokenCounter();
  const large = await typing(file, WARM_KEYSTROKES, TIMED_KEYSTROKES);
  const small = await typing(smallFile, WARM_KEYSTROKES, TIMED_KEYSTROKES);
  const warmCpu = process.cpuUsage();
  await new Analyzer().analyze(text + ' ');
  const fresh = cpuMs(warmCpu);

  const adversarialText = `${'{{a '.repeat((1 << 20) / 4)}}}\n`;
  const scans: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    scanBody(adversarialText, 0);
    scans.push(performance.now() - t0);
  }
  const adversarialAnalysis = await longestSlice(() => new Analyzer().analyze(adversarialText));

  const cli = cliAnalyze(file);
  const compiling = cliAnalyze(file, 'off');

  const generated = generatePrompt(200, 5000);
  const generatedCpu = process.cpuUsage();
  await new Analyzer().analyze(generated);
  const generatedMs = cpuMs(generatedCpu);

  const split = await regexSplitMsPerMB(text);
  const tiktoken = await jsTiktoken(text);
  const startMs = nodeStartMs();
  const mb = Buffer.byteLength(text) / 1024 / 1024;

  return {
    large: [
      { name: 'file', value: mb, unit: 'MB', target: `${cold.blocks} blocks, ≈${Math.round(cold.tokens / 1000)}k tokens, ${real.files} files, ${Math.round(real.proseShare * 100)}% READMEs` },
      { name: 'tokenizer load (rank table, in the window)', value: loadMs, unit: 'ms', baseline: `js-tiktoken's own: ${tiktoken.loadMs.toFixed(0)} ms` },
      { name: 'cold open → first lenses (labelled estimates)', value: cold.firstMs, unit: 'ms', target: '≤ 300 ms', baseline: 'characters ÷ 4, fresh process' },
      { name: 'cold open → exact lenses, incl. load', value: cold.ms, unit: 'ms', target: 'refines the estimates', baseline: `anchors: regex split ${(split * mb).toFixed(0)} ms + load` },
      { name: 'longest event-loop block (cold)', value: cold.longest, unit: 'ms', target: '≤ 16 ms' },
      { name: 'keystroke → updated analysis, median CPU', value: large.median, unit: 'ms', target: '≤ 1 ms', baseline: TYPING },
      { name: 'keystroke → updated analysis, p95 CPU', value: large.p95, unit: 'ms', target: '≤ 3 ms', baseline: gcLine(large) },
      { name: 'first 200 keystrokes after opening, p95', value: large.openingP95, unit: 'ms', baseline: `compiler warming up; median ${large.openingMedian.toFixed(2)} ms` },
      { name: 'fresh analyzer, warm tokenizer, CPU', value: fresh, unit: 'ms', baseline: 'every block rendered and counted' },
      { name: 'cli analyze: wall, whole process', value: cli.wallMs, unit: 'ms', target: '≤ 400 ms', baseline: `anchor: node starts in ${startMs.toFixed(0)} ms; code cache ${cli.codeCache}` },
      { name: 'cli analyze: peak RSS', value: cli.rssMB, unit: 'MB', target: '≤ 120 MB' },
      { name: 'cli analyze, code cache off: wall', value: compiling.wallMs, unit: 'ms', baseline: 'the bundle compiled at start, as without the cache the build writes' },
      { name: 'contrast: generated 26-word text, fresh CPU', value: generatedMs, unit: 'ms', baseline: 'not real text: every word one memo hit' },
    ],
    small: [
      { name: 'file', value: Buffer.byteLength(smallText) / 1024, unit: 'KB', target: '4 blocks' },
      { name: 'keystroke, median CPU', value: small.median, unit: 'ms', baseline: TYPING },
      { name: 'keystroke, p95 CPU', value: small.p95, unit: 'ms', target: '≤ 0.5 ms', baseline: gcLine(small) },
      { name: 'first 200 keystrokes after opening, p95', value: small.openingP95, unit: 'ms', baseline: `compiler warming up; median ${small.openingMedian.toFixed(2)} ms` },
    ],
    adversarial: [
      { name: '1 MB of unclosed {{ before one }}: scan', value: median(scans), unit: 'ms', target: '≤ 100 ms', baseline: '262,143 unclosed' },
      { name: 'same file: whole analysis', value: adversarialAnalysis.ms, unit: 'ms', baseline: `longest block ${adversarialAnalysis.longest.toFixed(0)} ms` },
    ],
    anchors: [
      { name: 'cl100k pre-tokenizer regex split alone', value: split, unit: 'ms/MB' },
      { name: 'js-tiktoken: build its tables', value: tiktoken.loadMs, unit: 'ms' },
      { name: 'js-tiktoken: encode the 1 MB text', value: tiktoken.countMs, unit: 'ms' },
      { name: 'node starts (node -e 0)', value: startMs, unit: 'ms' },
    ],
  };
}

if (require.main === module) {
  analysisBench().then((all) => { for (const [k, lines] of Object.entries(all)) { console.log(k); for (const l of lines) console.log(l); } });
}
