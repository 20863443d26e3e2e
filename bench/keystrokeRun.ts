/**
 * Typing into a prompt in a fresh process, bundled as the extension is (production build, the
 * packed ranks read from dist/): the file named on the command line is analyzed, then one
 * character is typed into a different block each time, a whole new text per keystroke as
 * `TextDocument.getText()` gives the extension, passed with the edit its change event reports,
 * as the extension passes it (src/editor/analysisService.ts). Each keystroke's CPU is the whole process's
 * (`process.cpuUsage`), so garbage collection and the compiler's background threads count.
 * The first keystrokes after opening run while the compiler is still warming up; they are
 * reported apart from the steady typing that follows. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { Analyzer } from '../src/core/analyzer';
import { knownChange, spanAfter, unchangedSpan } from '../src/core/textChangeSpan';
import { loadTokenCounter } from '../src/core/tokenizer';
import { useRankFileIn } from '../src/node/rankFile';

/** Keystrokes reported as "right after opening". */
const OPENING = 200;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];

function summary(times: number[]): { median: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
}

function lineEndOffset(lines: string[], line: number): number {
  let offset = 0;
  for (let i = 0; i < line; i++) offset += lines[i].length + 1;
  return offset + lines[line].length;
}

async function main(): Promise<void> {
  const [file, warmArg, timedArg] = process.argv.slice(2);
  const warm = Number(warmArg);
  const timed = Number(timedArg);
  useRankFileIn(__dirname);
  await loadTokenCounter();
  const analyzer = new Analyzer();
  let previous = readFileSync(file, 'utf8');
  let analysis = await analyzer.analyze(previous);
  const lines = previous.split('\n');
  let gcCount = 0;
  let gcMs = 0;
  let counting = false;
  const gc = new PerformanceObserver((list) => {
    if (!counting) return;
    for (const entry of list.getEntries()) { gcCount++; gcMs += entry.duration; }
  });
  gc.observe({ entryTypes: ['gc'] });
  const times: number[] = [];
  for (let i = 0; i < warm + timed; i++) {
    if (i === warm) counting = true;
    const line = analysis.blocks[(i * 7) % analysis.blocks.length].range.start.line;
    const edit = { rangeOffset: lineEndOffset(lines, line), rangeLength: 0, text: 'x' };
    lines[line] += 'x';
    const text = lines.join('\n');
    const known = knownChange(spanAfter(unchangedSpan(previous.length), [edit]), previous.length, text.length);
    const cpu = process.cpuUsage();
    analysis = await analyzer.analyze(text, { change: known && { from: previous, ...known } });
    const used = process.cpuUsage(cpu);
    previous = text;
    times.push((used.user + used.system) / 1000);
  }
  // GC entries arrive on a later turn.
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc.disconnect();
  const opening = summary(times.slice(0, OPENING));
  const typing = summary(times.slice(warm));
  console.log(JSON.stringify({ ...typing, openingMedian: opening.median, openingP95: opening.p95, gcCount, gcMs, blocks: analysis.blocks.length }));
}

void main();
