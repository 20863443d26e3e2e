/**
 * Generated prompt shapes and call sequences for the planner benchmark. A shape is a list of
 * blocks in prefix order (tools → system → messages) with token counts and, for each stable
 * block, how often it changes between calls (authors edit prompts and swap documents); a
 * changing block changes on every call. A sequence is a list of calls with the gap before each.
 */
import type { Analysis, Block, ConverseField } from '../src/core/analysis';
import { resolveModel } from '../src/core/modelResolver';

export interface ShapeBlock {
  kind: Block['kind'];
  field: ConverseField;
  messageIndex?: number;
  tokens: number;
  /** Probability that the block differs from the previous call (1 for changing blocks). */
  changeRate: number;
  changing: boolean;
  /** For a changing block: tokens of its stable head (0 when none). */
  head: number;
}

export interface Shape {
  id: number;
  modelId: string;
  blocks: ShapeBlock[];
}

export interface Call {
  /** Seconds since the previous call. */
  gap: number;
  /** Version of each block in this call. */
  versions: number[];
}

/** Deterministic 32-bit PRNG (mulberry32): the same seed gives the same corpus everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MODELS = [
  'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  'global.anthropic.claude-haiku-4-5-20251001-v1:0',
  'us.anthropic.claude-sonnet-4-20250514-v1:0',
  'us.amazon.nova-pro-v1:0',
];

export function generateShape(id: number, random: () => number): Shape {
  const int = (lo: number, hi: number) => Math.floor(lo + random() * (hi - lo + 1));
  const rate = (max: number) => (random() < 0.5 ? 0 : random() * max);
  const blocks: ShapeBlock[] = [];
  const stable = (kind: Block['kind'], field: ConverseField, tokens: number, changeRate: number, messageIndex?: number): ShapeBlock =>
    ({ kind, field, messageIndex, tokens, changeRate, changing: false, head: 0 });
  if (random() < 0.5) blocks.push(stable('tools', 'tools', int(400, 3000), rate(0.03)));
  const systemParts = int(1, 2);
  for (let i = 0; i < systemParts; i++) blocks.push(stable('text', 'system', int(150, 4000), rate(0.08)));
  const docs = int(0, 4);
  for (let i = 0; i < docs; i++) {
    blocks.push(stable(random() < 0.2 ? 'media' : 'text', 'message', int(100, 9000), rate(0.35), 0));
  }
  const head = random() < 0.5 ? int(100, 6000) : 0;
  blocks.push({ kind: 'text', field: 'message', messageIndex: 0, tokens: head + int(10, 400), changeRate: 1, changing: true, head });
  // Sometimes more after the changing part: an example exchange or the history.
  if (random() < 0.3) blocks.push({ ...stable('text', 'message', int(100, 2000), 0, 1) });
  if (random() < 0.2) blocks.push({ kind: 'history', field: 'message', messageIndex: 2, tokens: int(50, 3000), changeRate: 1, changing: true, head: 0 });
  return { id, modelId: MODELS[int(0, MODELS.length - 1)], blocks };
}

/** Calls within the TTL mostly; now and then a pause long enough for the cache to expire. */
export function generateSequence(shape: Shape, calls: number, random: () => number): Call[] {
  const versions = shape.blocks.map(() => 0);
  const out: Call[] = [];
  for (let c = 0; c < calls; c++) {
    if (c > 0) shape.blocks.forEach((b, i) => { if (random() < b.changeRate) versions[i]++; });
    const gap = c === 0 ? 0 : random() < 0.12 ? 360 + random() * 900 : 5 + random() * 240;
    out.push({ gap, versions: [...versions] });
  }
  return out;
}

/** The Analysis the editor would produce for a shape (template lines are synthetic). */
export function analysisOfShape(shape: Shape): Analysis {
  let line = 5;
  let prefix = 0;
  const blocks: Block[] = shape.blocks.map((b, index) => {
    const start = b.kind === 'tools' ? 1 : ++line;
    const end = b.kind === 'tools' ? 1 : (line += 3);
    prefix += b.tokens;
    const changingLine = start + (b.head > 0 ? 1 : 0);
    return {
      index, kind: b.kind, field: b.field, messageIndex: b.messageIndex,
      range: { start: { line: start, character: 0 }, end: { line: end, character: b.kind === 'tools' ? 12 : 0 } },
      tokens: b.tokens, rawTokens: b.tokens, prefixTokens: prefix, rawPrefixTokens: prefix,
      stable: !b.changing,
      changing: b.changing ? [{ name: b.kind === 'history' ? 'history' : 'question', line: changingLine }] : [],
      stableHead: b.changing && b.head > 0 ? { tokens: b.head, rawTokens: b.head, endLine: start } : undefined,
      templateEstimate: false, unfilled: [], partials: [],
    };
  });
  return {
    modelId: shape.modelId, model: resolveModel(shape.modelId),
    config: { stable: [], toolNames: [], tools: [], inference: {}, additionalFields: {}, inputDefaults: {}, inputNames: [], custom: { textBlocksOver: 1024, allMedia: true } },
    tokenizerLabel: 'bench', frontmatterEndLine: 4, blocks, cachePoints: [], findings: [],
    totalTokens: prefix, rawTotalTokens: prefix, reducedMode: false,
  };
}
