/**
 * Where a cache point could go: the block boundaries inside the stable prefix, in Bedrock's
 * prefix order (tools → system → messages), each with the prefix it would close.
 *
 * Positions are numbers so that boundaries and the author's cache points sort together. Blocks
 * are numbered in source order but Bedrock reads them in prefix order, so a position is a rank in
 * prefix order: the boundary after the block of rank r sits at `r`, a split inside the changing
 * block of rank r (before its first changing line) at `r - 0.5`, an author's point at the rank of
 * its `afterBlock` (-1 before every block).
 */
import type { Analysis, Block, CachePoint, ConverseField } from '../analysis';
import type { ModelRow } from '../modelCatalog';

export type BoundaryKind = 'tools' | 'block' | 'head';

export interface Boundary {
  pos: number;
  kind: BoundaryKind;
  /** Last whole block before the point; for a head split, the block being split. */
  afterBlock: number;
  /** 0-based line before which the marker is inserted (for tools: the frontmatter's closing line). */
  line: number;
  field: ConverseField;
  messageIndex?: number;
  /** Prefix the point would close, counting tools only when the model can cache them. */
  prefixTokens: number;
  rawPrefixTokens: number;
  /** Stable blocks (tools, blocks, head) up to here: drives the savings model's keep probability. */
  depth: number;
  /** False where a new point must not go (it would sit alone in its message / system). */
  selectable: boolean;
  /** Kind of content that ends here, for the custom rules. */
  contentKind: Block['kind'];
  /** Tokens of the block (or head) that ends here. */
  blockTokens: number;
}

export interface StablePrefix {
  boundaries: Boundary[];
  /** Position where the stable prefix ends (Infinity when the whole prompt is stable). */
  endPos: number;
  /** The first changing block, when there is one. */
  firstChanging?: Block;
  /** Tokens subtracted from every prefix: tool definitions the model cannot cache. */
  uncachedToolTokens: number;
}

export function toolsCacheable(row: ModelRow): boolean {
  return row.fields.includes('tools');
}

export function fieldAllowed(row: ModelRow, field: ConverseField): boolean {
  return row.fields.includes(field === 'message' ? 'messages' : field);
}

/**
 * The line before which a marker goes to close `block`. Ranges that end at column 0 stop at the
 * start of the next line already; others end inside their last line.
 */
export function lineAfter(block: Block): number {
  const end = block.range.end;
  return end.character === 0 && end.line > block.range.start.line ? end.line : end.line + 1;
}

/**
 * A marker inserted on its own line before `lineAfter(block)` must still land between the block
 * and the next one: not when the next block starts on the block's last line (after a marker
 * that shares that line), where the new line would fall inside the next block.
 */
function ownLineFits(analysis: Analysis, block: Block): boolean {
  const next = analysis.blocks[block.index + 1];
  return !next || next.range.start.line >= lineAfter(block);
}

/**
 * The first line where a new marker would be swallowed: a `{{` that is never closed (a comment
 * `{{!--` included) takes the marker's own `}}` as its end, so a marker inserted on any later line
 * would vanish into it and take no effect.
 */
function firstSwallowedLine(analysis: Analysis): number {
  let line = Infinity;
  for (const f of analysis.findings) if (f.code === 'mustache-unclosed') line = Math.min(line, f.range.start.line + 1);
  return line;
}

function sameContainer(a: Block, field: ConverseField, messageIndex: number | undefined): boolean {
  return a.field === field && (field !== 'message' || a.messageIndex === messageIndex);
}

const FIELD_RANK: Record<ConverseField, number> = { tools: 0, system: 1, message: 2 };
const orders = new WeakMap<Analysis, { blocks: Block[]; rank: Map<number, number> }>();

function order(analysis: Analysis): { blocks: Block[]; rank: Map<number, number> } {
  let memo = orders.get(analysis);
  if (!memo) {
    const blocks = [...analysis.blocks].sort((a, b) => FIELD_RANK[a.field] - FIELD_RANK[b.field] || a.index - b.index);
    memo = { blocks, rank: new Map(blocks.map((b, i) => [b.index, i])) };
    orders.set(analysis, memo);
  }
  return memo;
}

/** Blocks in the order Bedrock reads them: tools → system → messages, source order within. */
export function prefixOrder(analysis: Analysis): Block[] {
  return order(analysis).blocks;
}

/** Position of the boundary after a block (-1 for "before every block"). */
export function blockPos(analysis: Analysis, blockIndex: number): number {
  return blockIndex < 0 ? -1 : order(analysis).rank.get(blockIndex) ?? -1;
}

export function stablePrefix(analysis: Analysis, row: ModelRow): StablePrefix {
  const boundaries: Boundary[] = [];
  const toolsOk = toolsCacheable(row);
  const uncachedToolTokens = toolsOk ? 0 : analysis.blocks.filter((b) => b.kind === 'tools').reduce((s, b) => s + b.tokens, 0);
  const uncachedRawToolTokens = toolsOk ? 0 : analysis.blocks.filter((b) => b.kind === 'tools').reduce((s, b) => s + b.rawTokens, 0);
  let depth = 0;
  let prevPrefix = 0;
  let prevRaw = 0;
  let endPos = Infinity;
  let firstChanging: Block | undefined;
  const swallowed = firstSwallowedLine(analysis);
  // Content seen so far in the current field/message: a point needs some before it.
  const contentBefore = (block: Block, extra: number): boolean =>
    extra > 0 || analysis.blocks.some((b) => b.index <= block.index && b.tokens > 0 && sameContainer(b, block.field, block.messageIndex));

  for (const block of prefixOrder(analysis)) {
    const rank = blockPos(analysis, block.index);
    if (block.kind === 'tools') {
      if (!toolsOk) continue;
      depth++;
      boundaries.push({
        pos: rank, kind: 'tools', afterBlock: block.index, line: Math.max(0, analysis.frontmatterEndLine),
        field: 'tools', prefixTokens: block.prefixTokens, rawPrefixTokens: block.rawPrefixTokens, depth,
        // A written `cache.tools` (false, or of the wrong type) is the author's: a second key would
        // be a duplicate YAML key, which breaks the whole frontmatter. Without a closing `---`
        // there is no frontmatter line where the key would be read.
        selectable: block.tokens > 0 && analysis.config.cacheTools === undefined && analysis.keyLines?.['cache.tools'] === undefined
          && analysis.frontmatterEndLine > 0,
        contentKind: 'tools', blockTokens: block.tokens,
      });
      prevPrefix = block.prefixTokens;
      prevRaw = block.rawPrefixTokens;
      continue;
    }
    if (!block.stable) {
      firstChanging = block;
      const head = block.stableHead;
      if (head && head.tokens > 0) {
        depth++;
        boundaries.push({
          pos: rank - 0.5, kind: 'head', afterBlock: block.index, line: head.endLine + 1,
          field: block.field, messageIndex: block.messageIndex,
          prefixTokens: prevPrefix - uncachedToolTokens + head.tokens,
          rawPrefixTokens: prevRaw - uncachedRawToolTokens + head.rawTokens,
          depth, selectable: fieldAllowed(row, block.field) && head.endLine + 1 < swallowed, contentKind: block.kind, blockTokens: head.tokens,
        });
        endPos = rank - 0.5;
      } else {
        endPos = rank - 1;
      }
      break;
    }
    depth++;
    boundaries.push({
      pos: rank, kind: 'block', afterBlock: block.index, line: lineAfter(block),
      field: block.field, messageIndex: block.messageIndex,
      prefixTokens: block.prefixTokens - uncachedToolTokens, rawPrefixTokens: block.rawPrefixTokens - uncachedRawToolTokens,
      depth, selectable: fieldAllowed(row, block.field) && contentBefore(block, block.tokens) && ownLineFits(analysis, block) && lineAfter(block) < swallowed,
      contentKind: block.kind, blockTokens: block.tokens,
    });
    prevPrefix = block.prefixTokens;
    prevRaw = block.rawPrefixTokens;
  }
  return { boundaries, endPos, firstChanging, uncachedToolTokens };
}

/** An author's cache point as a position on the same axis as boundaries. */
export function pointPos(analysis: Analysis, point: CachePoint): number {
  return blockPos(analysis, point.afterBlock);
}

/** The author's points in prefix order (the order Bedrock meets them). */
export function pointsInOrder(analysis: Analysis): CachePoint[] {
  return [...analysis.cachePoints].sort((a, b) => pointPos(analysis, a) - pointPos(analysis, b) || a.index - b.index);
}

/** The author's points that sit inside the stable prefix (they close a reusable prefix). */
export function pointsInStablePrefix(analysis: Analysis, prefix: StablePrefix): CachePoint[] {
  return analysis.cachePoints.filter((p) => pointPos(analysis, p) <= prefix.endPos);
}

/** The first changing block in prefix order, found once per analysis (files may hold thousands of points). */
const firstChangingMemo = new WeakMap<Analysis, Block | null>();

/** The first changing content (variable or history) before an author's point, in prefix order. */
export function changingBefore(analysis: Analysis, point: CachePoint): { block: Block; name: string; line: number } | undefined {
  let block = firstChangingMemo.get(analysis);
  if (block === undefined) {
    block = prefixOrder(analysis).find((b) => !b.stable) ?? null;
    firstChangingMemo.set(analysis, block);
  }
  if (!block || blockPos(analysis, block.index) > pointPos(analysis, point)) return undefined;
  const first = block.changing[0];
  return { block, name: first?.name ?? 'history', line: first?.line ?? block.range.start.line };
}
