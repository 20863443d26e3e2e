/**
 * Where each cache point of a laid-out prompt sits in Bedrock's reading order (tools → system →
 * messages): the block it closes, the prefix it caches, and the segment since the point before.
 */
import type { Block, CachePoint } from './analysis';
import type { layoutBlocks } from './blockLayout';
import type { LineIndex } from './lineIndex';

/** Bedrock reads the prefix as tools → system → messages, whatever the source order. */
export function converseOrder(blocks: Block[]): Block[] {
  const rank = { tools: 0, system: 1, message: 2 } as const;
  return [...blocks].sort((a, b) => rank[a.field] - rank[b.field] || a.index - b.index);
}

export function placeCachePoints(layout: ReturnType<typeof layoutBlocks>, blocks: Block[], order: Block[], lines: LineIndex,
  cacheTools: boolean, cacheToolsLine: number | undefined): CachePoint[] {
  const points: CachePoint[] = [];
  const toolsBlock = blocks.find((b) => b.field === 'tools');
  if (cacheTools && toolsBlock) {
    // `cache.tools` has no TTL of its own; the request sends it as 1h when any later point is 1h
    // (a 1-hour entry may not follow a 5-minute one), so costs and checks must see the same.
    const hour = layout.cachePoints.some((p) => p.marker.hash.ttl === '1h');
    points.push(pointAfter(order, order.indexOf(toolsBlock), {
      range: lines.lineRange(cacheToolsLine ?? toolsBlock.range.start.line), field: 'tools', ...(hour ? { ttl: '1h' as const } : {}),
    }));
  }
  // Positions in `order` of each field's blocks (source order within a field, so ends grow).
  const byField = { tools: [] as number[], system: [] as number[], message: [] as number[] };
  order.forEach((block, i) => byField[block.field].push(i));
  for (const laid of layout.cachePoints) {
    const at = lines.position(laid.marker.start);
    const endsBefore = (i: number) => {
      const end = order[i].range.end;
      return end.line < at.line || (end.line === at.line && end.character <= at.character);
    };
    // The last block before the point in Bedrock's order: same field, earlier in the source;
    // else, for a message point, the last system block; else the last tools block. A binary
    // search per point, since a file may hold thousands of points and blocks.
    const same = byField[laid.field];
    let lo = 0;
    let hi = same.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (endsBefore(same[mid])) lo = mid + 1; else hi = mid;
    }
    const last = lo > 0 ? same[lo - 1]
      : (laid.field === 'message' ? byField.system.at(-1) : undefined) ?? byField.tools.at(-1) ?? -1;
    points.push(pointAfter(order, last, {
      range: lines.range(laid.marker.start, laid.marker.end), field: laid.field, messageIndex: laid.messageIndex,
      ttl: laid.marker.hash.ttl === '5m' || laid.marker.hash.ttl === '1h' ? laid.marker.hash.ttl : undefined,
    }));
  }
  // Segments are measured between points in Bedrock's order: by prefix, then by where the block
  // before each point sits in that order (a system point comes before a message point that
  // closes the same prefix, whatever their source order).
  const rank = new Map(order.map((block, i) => [block.index, i]));
  const sorted = [...points].sort((a, b) => a.prefixTokens - b.prefixTokens || (rank.get(a.afterBlock) ?? -1) - (rank.get(b.afterBlock) ?? -1));
  let previous = { prefixTokens: 0, rawPrefixTokens: 0 };
  for (const point of sorted) {
    point.segmentTokens = point.prefixTokens - previous.prefixTokens;
    point.rawSegmentTokens = point.rawPrefixTokens - previous.rawPrefixTokens;
    previous = point;
  }
  return points.map((p, index) => ({ ...p, index }));
}

function pointAfter(order: Block[], position: number, rest: Pick<CachePoint, 'range' | 'field'> & Partial<CachePoint>): CachePoint {
  const block = position >= 0 ? order[position] : undefined;
  return {
    index: 0, afterBlock: block?.index ?? -1, prefixTokens: block?.prefixTokens ?? 0, rawPrefixTokens: block?.rawPrefixTokens ?? 0,
    segmentTokens: 0, rawSegmentTokens: 0, ...rest,
  };
}
