/**
 * Planner benchmark: for a deterministic corpus of prompt shapes × call sequences, the total
 * cost of each strategy's placement in a simulated Bedrock cache, against no cache points and
 * against the best static placement found by trying every subset of boundaries (an oracle that
 * knows the call sequences). Prints each strategy's share of the oracle's savings.
 *
 * Run alone: node --import tsx bench/plannerBench.ts [--seed N] [--shapes N]
 */
import { pathToFileURL } from 'node:url';
import { planCachePoints, type Suggestion } from '../src/core/cachePlanner';
import type { ModelRow, PriceRow } from '../src/core/modelCatalog';
import { DEFAULT_CACHE_SETTINGS, type Strategy } from '../src/core/promptConfig';
import { analysisOfShape, generateSequence, generateShape, rng, type Call, type Shape } from './plannerCorpus';
import { candidatePoints, sequenceCost, type SimPoint } from './plannerSim';

export interface PlannerBenchOptions {
  seed?: number;
  shapes?: number;
  sequencesPerShape?: number;
  callsPerSequence?: number;
}

export interface StrategyResult {
  strategy: Strategy | 'optimum' | 'none';
  costUSD: number;
  savingUSD: number;
  /** Share of the optimum's saving (1 for the optimum itself). */
  ratio: number;
  points: number;
}

export interface PlannerBenchResult {
  seed: number;
  shapes: number;
  calls: number;
  results: StrategyResult[];
  millis: number;
}

const STRATEGIES: Strategy[] = ['conservative', 'aggressive', 'custom'];

function subsets<T>(items: T[], maxSize: number): T[][] {
  const out: T[][] = [[]];
  const grow = (start: number, current: T[]) => {
    for (let i = start; i < items.length; i++) {
      const next = [...current, items[i]];
      out.push(next);
      if (next.length < maxSize) grow(i + 1, next);
    }
  };
  grow(0, []);
  return out;
}

function toSimPoints(suggestions: Suggestion[]): SimPoint[] {
  return suggestions.map((s) => ({ afterBlock: s.afterBlock, head: s.kind === 'head' }));
}

interface Case {
  shape: Shape;
  row: ModelRow;
  prices: PriceRow;
  sequences: Call[][];
}

function totalCost(c: Case, points: SimPoint[]): number {
  return c.sequences.reduce((sum, calls) => sum + sequenceCost(c.shape, c.row, c.prices, points, calls), 0);
}

export function runPlannerBench(options: PlannerBenchOptions = {}): PlannerBenchResult {
  const started = Date.now();
  const seed = options.seed ?? 20260917;
  const random = rng(seed);
  const cases: Case[] = [];
  for (let id = 0; cases.length < (options.shapes ?? 120); id++) {
    const shape = generateShape(id, random);
    const analysis = analysisOfShape(shape);
    const row = analysis.model?.row;
    const prices = analysis.model?.prices;
    if (!row || !prices) continue;
    const sequences = Array.from({ length: options.sequencesPerShape ?? 4 }, () => generateSequence(shape, options.callsPerSequence ?? 12, random));
    cases.push({ shape, row, prices, sequences });
  }
  const totals = new Map<StrategyResult['strategy'], { cost: number; points: number }>();
  const add = (key: StrategyResult['strategy'], cost: number, points: number) => {
    const t = totals.get(key) ?? { cost: 0, points: 0 };
    totals.set(key, { cost: t.cost + cost, points: t.points + points });
  };
  for (const c of cases) {
    add('none', totalCost(c, []), 0);
    let best = { cost: Infinity, points: 0 };
    for (const subset of subsets(candidatePoints(c.shape, c.row), c.row.maxPoints)) {
      const cost = totalCost(c, subset);
      if (cost < best.cost - 1e-15) best = { cost, points: subset.length };
    }
    add('optimum', best.cost, best.points);
    const analysis = analysisOfShape(c.shape);
    for (const strategy of STRATEGIES) {
      const points = toSimPoints(planCachePoints(analysis, { ...DEFAULT_CACHE_SETTINGS, strategy, expectedReuses: c.sequences[0].length - 1 }));
      add(strategy, totalCost(c, points), points.length);
    }
  }
  const none = totals.get('none')?.cost ?? 0;
  const optimumSaving = none - (totals.get('optimum')?.cost ?? 0);
  const results: StrategyResult[] = (['none', 'optimum', ...STRATEGIES] as const).map((strategy) => {
    const t = totals.get(strategy) ?? { cost: 0, points: 0 };
    return { strategy, costUSD: t.cost, savingUSD: none - t.cost, ratio: optimumSaving > 0 ? (none - t.cost) / optimumSaving : 0, points: t.points / cases.length };
  });
  const calls = cases.reduce((s, c) => s + c.sequences.reduce((n, q) => n + q.length, 0), 0);
  return { seed, shapes: cases.length, calls, results, millis: Date.now() - started };
}

export function formatPlannerBench(result: PlannerBenchResult): string {
  const lines = [
    `planner benchmark: seed ${result.seed}, ${result.shapes} prompt shapes, ${result.calls} simulated calls (${result.millis} ms)`,
    `${'placement'.padEnd(14)}${'total cost'.padStart(14)}${'saving'.padStart(12)}${'of optimum'.padStart(12)}${'points/prompt'.padStart(15)}`,
  ];
  for (const r of result.results) {
    lines.push(`${r.strategy.padEnd(14)}${`$${r.costUSD.toFixed(4)}`.padStart(14)}${`$${r.savingUSD.toFixed(4)}`.padStart(12)}${(r.strategy === 'none' ? '-' : r.ratio.toFixed(3)).padStart(12)}${r.points.toFixed(2).padStart(15)}`);
  }
  return lines.join('\n');
}

/** Entry for `npm run bench` (bench/index.ts): runs the default corpus and prints the table. */
export function plannerBench(options: PlannerBenchOptions = {}): PlannerBenchResult {
  const result = runPlannerBench(options);
  console.log(formatPlannerBench(result));
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : undefined;
  };
  plannerBench({ seed: arg('seed'), shapes: arg('shapes') });
}
