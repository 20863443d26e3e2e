/**
 * Properties every Analysis must have, whatever the input: ranges inside the document, blocks
 * in source order without overlap, prefix totals that add up in Bedrock's order. Each check
 * throws an AssertionError naming what broke.
 */
import assert from 'node:assert/strict';
import type { Analysis, Block, Finding, Position, Range } from '../../../src/core/analysis';

/** Lines as an editor splits them (\r\n, \r and \n), computed here independently of LineIndex. */
export function editorLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);

export function assertRangeInside(lines: readonly string[], range: Range, what: string): void {
  for (const p of [range.start, range.end]) {
    assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0, `${what}: bad position ${JSON.stringify(p)}`);
    assert.ok(p.line < lines.length, `${what}: line ${p.line} is past the last line (${lines.length - 1})`);
    assert.ok(p.character <= lines[p.line].length, `${what}: character ${p.character} is past the end of line ${p.line} (length ${lines[p.line].length})`);
  }
  assert.ok(before(range.start, range.end), `${what}: range ends before it starts ${JSON.stringify(range)}`);
}

export function assertFindingsInside(lines: readonly string[], findings: readonly Finding[]): void {
  for (const f of findings) {
    assert.ok(typeof f.code === 'string' && f.code.length > 0, `finding without code: ${JSON.stringify(f)}`);
    assert.ok(['error', 'warning', 'info'].includes(f.severity), `finding ${f.code} has severity ${f.severity}`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `finding ${f.code} has no message`);
    assertRangeInside(lines, f.range, `finding ${f.code}`);
  }
}

const FIELD_RANK = { tools: 0, system: 1, message: 2 } as const;

/** Blocks in the order Bedrock reads them, computed here from the fields alone. */
export function bedrockOrder(blocks: readonly Block[]): Block[] {
  return [...blocks].sort((a, b) => FIELD_RANK[a.field] - FIELD_RANK[b.field] || a.index - b.index);
}

export function assertAnalysis(text: string, a: Analysis): void {
  const lines = editorLines(text);
  assertFindingsInside(lines, a.findings);

  a.blocks.forEach((b, i) => {
    assert.equal(b.index, i, `block ${i} carries index ${b.index}`);
    assertRangeInside(lines, b.range, `block ${i} (${b.kind})`);
    for (const n of [b.tokens, b.rawTokens, b.prefixTokens, b.rawPrefixTokens]) {
      assert.ok(Number.isFinite(n) && n >= 0, `block ${i}: token count ${n}`);
    }
    assert.equal(b.stable, b.changing.length === 0, `block ${i}: stable=${b.stable} but changing=${JSON.stringify(b.changing)}`);
    if (b.field === 'message') assert.ok(Number.isInteger(b.messageIndex) && b.messageIndex! >= 0, `block ${i}: message block without messageIndex`);
    if (b.stableHead) {
      assert.ok(!b.stable, `block ${i}: a stable block has a stable head`);
      assert.ok(b.stableHead.endLine >= b.range.start.line && b.stableHead.endLine < b.range.end.line + 1, `block ${i}: stable head ends on line ${b.stableHead.endLine}, outside the block`);
    }
  });

  // Body blocks (tools sit in the frontmatter) come in source order, without overlap.
  const body = a.blocks.filter((b) => b.kind !== 'tools');
  for (let i = 1; i < body.length; i++) {
    assert.ok(before(body[i - 1].range.end, body[i].range.start),
      `blocks ${body[i - 1].index} and ${body[i].index} overlap or are out of order: ${JSON.stringify(body[i - 1].range)} then ${JSON.stringify(body[i].range)}`);
  }
  assert.ok(a.blocks.filter((b) => b.kind === 'tools').length <= 1, 'more than one tools block');
  a.blocks.forEach((b, i) => { if (b.kind === 'tools') assert.equal(i, 0, 'the tools block is not first'); });

  // Prefix totals accumulate in tools → system → messages order and end at the total.
  let prefix = 0;
  let raw = 0;
  for (const b of bedrockOrder(a.blocks)) {
    prefix += b.tokens;
    raw += b.rawTokens;
    assert.equal(b.prefixTokens, prefix, `block ${b.index} (${b.field}): prefix ${b.prefixTokens}, expected ${prefix}`);
    assert.equal(b.rawPrefixTokens, raw, `block ${b.index} (${b.field}): raw prefix ${b.rawPrefixTokens}, expected ${raw}`);
  }
  assert.equal(a.totalTokens, prefix, `totalTokens ${a.totalTokens}, blocks add up to ${prefix}`);
  assert.equal(a.rawTotalTokens, raw, `rawTotalTokens ${a.rawTotalTokens}, blocks add up to ${raw}`);

  a.cachePoints.forEach((p, i) => {
    assert.equal(p.index, i, `cache point ${i} carries index ${p.index}`);
    assertRangeInside(lines, p.range, `cache point ${i}`);
    assert.ok(p.afterBlock >= -1 && p.afterBlock < a.blocks.length, `cache point ${i}: afterBlock ${p.afterBlock}`);
    const closes = p.afterBlock >= 0 ? a.blocks[p.afterBlock] : undefined;
    assert.equal(p.prefixTokens, closes?.prefixTokens ?? 0, `cache point ${i}: prefix ${p.prefixTokens} is not the prefix of block ${p.afterBlock}`);
    assert.ok(p.segmentTokens >= 0 && p.segmentTokens <= p.prefixTokens, `cache point ${i}: segment ${p.segmentTokens} of prefix ${p.prefixTokens}`);
  });

  for (const fold of a.folds ?? []) {
    assert.ok(fold.start >= 0 && fold.start <= fold.end && fold.end < lines.length, `fold ${JSON.stringify(fold)} outside the document`);
  }
  if (a.frontmatterEndLine >= 0) assert.ok(a.frontmatterEndLine < lines.length, `frontmatterEndLine ${a.frontmatterEndLine}`);
}
