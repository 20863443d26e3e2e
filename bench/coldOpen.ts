/**
 * Cold open in a fresh process, bundled as the extension is (the packed ranks read from
 * dist/, as the extension does), so nothing is loaded or compiled before the window: the first
 * render and the whole analysis of the file named on the command line, in the editor's order: a
 * first look (characters ÷ 4, lenses labelled as estimates), then the tokenizer load and the
 * exact analysis by the same analyzer. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { Analyzer } from '../src/core/analyzer';
import { loadTokenCounter } from '../src/core/tokenizer';
import { useRankFileIn } from '../src/node/rankFile';
import { watchEventLoop } from './eventLoopWatch';

async function main(): Promise<void> {
  const text = readFileSync(process.argv[2], 'utf8');
  // As the extension does on activation: the packed ranks beside the bundle.
  useRankFileIn(__dirname);
  const watch = watchEventLoop();
  const t0 = performance.now();
  const analyzer = new Analyzer();
  await analyzer.analyze(text, { estimate: true });
  const firstMs = performance.now() - t0;
  const t1 = performance.now();
  await loadTokenCounter();
  const loadMs = performance.now() - t1;
  const analysis = await analyzer.analyze(text);
  const ms = performance.now() - t0;
  const longest = watch.stop();
  console.log(JSON.stringify({ ms, firstMs, loadMs, longest, blocks: analysis.blocks.length, tokens: analysis.totalTokens }));
}

void main();
