/**
 * The prefix ribbon's geometry and colours for one run: each block's share of the prompt and
 * whether Bedrock read it from the cache, wrote it to the cache or processed it uncached.
 */
import type { CachePointOutcome, RibbonBlock, UsageRecord } from '../shared/usageRecord';

export type SegmentState = 'read' | 'written' | 'uncached';

export interface RibbonSegment {
  block: RibbonBlock;
  state: SegmentState;
  /** Position and width as percentages of the whole prompt's tokens. */
  leftPercent: number;
  widthPercent: number;
  /** The cache point that closes this block, if any. */
  cachePoint?: CachePointOutcome;
}

const FIELD_ORDER: Record<RibbonBlock['field'], number> = { tools: 0, system: 1, message: 2 };

/** Bedrock assembles the request tools → system → messages, and caches prefixes in that order. */
export function orderedBlocks(blocks: readonly RibbonBlock[]): RibbonBlock[] {
  return blocks
    .map((block, i) => ({ block, i }))
    .sort((a, b) => FIELD_ORDER[a.block.field] - FIELD_ORDER[b.block.field] || a.i - b.i)
    .map(({ block }) => block);
}

/**
 * A block is "read" when it lies inside the longest prefix read from the cache, "written" when
 * inside the longest prefix written, otherwise uncached. The k-th block marked
 * `cachePointAfter` closes the k-th cache point; when the markers and the points disagree in
 * number (a point inside a block), the prefix token counts decide instead.
 */
export function ribbonSegments(record: UsageRecord): RibbonSegment[] {
  const blocks = orderedBlocks(record.blocks);
  const points = [...record.cachePoints].sort((a, b) => a.prefixTokens - b.prefixTokens);
  const total = blocks.reduce((sum, b) => sum + Math.max(0, b.tokens), 0);
  const closers = blocks.filter((b) => b.cachePointAfter);
  const byMarker = closers.length === points.length;

  // Index of the last block inside each kind of prefix (-1: none), or a token bound.
  let readUntil = -1;
  let writtenUntil = -1;
  let readTokens = 0;
  let writtenTokens = 0;
  points.forEach((point, k) => {
    const closing = byMarker ? blocks.indexOf(closers[k]) : -1;
    if (point.status === 'read') { readUntil = Math.max(readUntil, closing); readTokens = Math.max(readTokens, point.prefixTokens); }
    if (point.status === 'written') { writtenUntil = Math.max(writtenUntil, closing); writtenTokens = Math.max(writtenTokens, point.prefixTokens); }
  });

  let start = 0;
  let closerIndex = 0;
  return blocks.map((block, i) => {
    const tokens = Math.max(0, block.tokens);
    const end = start + tokens;
    let state: SegmentState;
    if (byMarker) state = i <= readUntil ? 'read' : i <= writtenUntil ? 'written' : 'uncached';
    else state = end <= readTokens && readTokens > 0 ? 'read' : end <= writtenTokens && writtenTokens > 0 ? 'written' : 'uncached';
    const segment: RibbonSegment = {
      block,
      state,
      leftPercent: total > 0 ? (start / total) * 100 : 0,
      widthPercent: total > 0 ? (tokens / total) * 100 : 100 / Math.max(1, blocks.length),
    };
    if (byMarker) {
      if (block.cachePointAfter) segment.cachePoint = points[closerIndex++];
    } else {
      segment.cachePoint = points.find((p) => p.prefixTokens > start && p.prefixTokens <= end);
    }
    start = end;
    return segment;
  });
}
