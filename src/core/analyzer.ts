/**
 * Computes the Analysis of one .prompt text: frontmatter, blocks with rendered token counts,
 * prefix totals in Bedrock's order (tools → system → messages) and cache points. One Analyzer
 * lives per editor session; its memo makes a keystroke re-render and re-count only the block
 * whose text changed.
 */
import type { Analysis, Block, CachePoint, Finding } from './analysis';
import { layoutBlocks, type LaidBlock } from './blockLayout';
import { buildFindings } from './analysisFindings';
import { emptyConfig, parseFrontmatter, splitFrontmatter } from './frontmatter';
import { LineIndex } from './lineIndex';
import { MODEL_CATALOG, type ModelRow } from './modelCatalog';
import { resolveModel } from './modelResolver';
import { catalogWithProbes, type ProbeResult } from './probeResults';
import { createDotprompt, NO_PARTIALS, type PartialSource } from './renderer';
import { BlockCounter, type CountedBlock } from './blockCounter';
import { scanBody } from './scanner';
import { calibrated, loadTokenCounter, type TokenCounter } from './tokenizer';
import { toolsBlockText } from './toolsBlock';
import { foldingRanges } from './folding';
import { volatileContentFindings } from './volatileContent';

export interface AnalyzeOptions {
  defaultModel?: string;
  /** A model to analyze with instead of the file's own `model:` (`--model`, a model mapping). */
  modelOverride?: string;
  catalog?: readonly ModelRow[];
  /** Live probe results: they replace the catalog's minimum, TTLs and places for their model. */
  probes?: readonly ProbeResult[];
  /** Region the prompt runs in when the file does not say (picks the probe made there). */
  region?: string;
  partials?: PartialSource;
  /** Reads a `bedrock.tools` JSON file named relative to the prompt file. */
  readToolsFile?: (path: string) => { text: string } | { error: string };
  /** Why a `{{media url=…}}` file may not be read (outside the workspace); undefined when it may. */
  checkMedia?: (url: string) => string | undefined;
  /** Above this many characters, lenses switch to a cheap character-based estimate. */
  sizeLimit?: number;
  /** A partial (`_name.prompt`): included by other prompts, never run, so it needs no model. */
  partial?: boolean;
}

/** `_name.prompt` is a partial by Dotprompt's naming: included with `{{> name}}`, never run on its own. */
export function isPartialFile(path: string): boolean {
  return /(^|[\\/])_[^\\/]*\.prompt$/.test(path);
}

export const DEFAULT_SIZE_LIMIT = 5 * 1024 * 1024;
const CHARS_PER_TOKEN = 4;

export class Analyzer {
  private readonly counter = new BlockCounter();
  private tokens?: Promise<TokenCounter>;

  /** The last frontmatter read: it rarely changes while the body is edited. */
  private lastFront?: { key: string; front: ReturnType<typeof parseFrontmatter> };

  private frontmatter(text: string, split: ReturnType<typeof splitFrontmatter>, lines: LineIndex): ReturnType<typeof parseFrontmatter> {
    // Same YAML at the same offset (the top of the file) gives the same positions and findings.
    const key = split.yamlStart < 0 ? '' : `${split.yamlStart}\u0000${text.slice(split.yamlStart, split.yamlEnd)}`;
    if (this.lastFront?.key === key) return this.lastFront.front;
    const front = parseFrontmatter(text, split, lines);
    this.lastFront = { key, front };
    return front;
  }

  /** How many block renders missed the memo so far (for tests and benchmarks). */
  get renderCount(): number {
    return this.counter.renderCount;
  }

  async analyze(text: string, options: AnalyzeOptions = {}): Promise<Analysis> {
    const baseCatalog = options.catalog ?? MODEL_CATALOG;
    const lines = new LineIndex(text);
    const findings: Finding[] = [];
    if (looksBinary(text)) return binaryAnalysis(lines);
    const reducedMode = text.length > (options.sizeLimit ?? DEFAULT_SIZE_LIMIT);
    const split = splitFrontmatter(text, lines);
    findings.push(...split.findings);
    const front = this.frontmatter(text, split, lines);
    findings.push(...front.findings);
    const config = front.config;
    const modelId = (options.modelOverride || config.model || options.defaultModel || '').trim();
    const catalog = options.probes?.length ? catalogWithProbes(baseCatalog, options.probes, config.region || options.region) : baseCatalog;
    const model = modelId ? resolveModel(modelId, catalog) : undefined;
    const factor = model?.row?.tokenizerFactor ?? 1;
    const scan = scanBody(text, split.bodyStart);
    const layout = layoutBlocks(text, split.bodyStart, text.length, scan.mustaches);
    const partials = options.partials ?? NO_PARTIALS;
    let made: ReturnType<typeof createDotprompt> | undefined;
    const env = () => (made ??= createDotprompt(partials));
    const tokens = reducedMode ? undefined : await (this.tokens ??= loadTokenCounter());

    const blocks: Block[] = [];
    const tools = toolsBlockText(config, options.readToolsFile);
    if (tools.error) findings.push({ code: 'tools-file', severity: 'error', range: lines.lineRange(front.keyLines['bedrock.tools'] ?? 0), message: tools.error });
    if (tools.text) {
      const line = front.keyLines['bedrock.tools'] ?? front.keyLines.bedrock ?? front.keyLines.tools ?? 0;
      const raw = tokens ? tokens.count(tools.text) : Math.ceil(tools.text.length / CHARS_PER_TOKEN);
      blocks.push(newBlock(0, 'tools', 'tools', lines.lineRange(line), raw, factor, true, [], false));
    }

    let sliceStarted = Date.now();
    const counted: { laid: LaidBlock; count: CountedBlock }[] = [];
    for (const laid of layout.blocks) {
      const count = reducedMode
        ? this.counter.cheap(text, laid)
        : await this.counter.count({ text, laid, lines, env, partials, config, counter: tokens!, checkMedia: options.checkMedia });
      counted.push({ laid, count });
      // Keep every synchronous slice short so a huge file never freezes the extension host.
      if (Date.now() - sliceStarted > 8) { await yieldToEventLoop(); sliceStarted = Date.now(); }
    }
    for (const { laid, count } of counted) {
      findings.push(...count.findings);
      const block = newBlock(blocks.length, laid.kind, laid.field, lines.range(laid.start, laid.end), count.rawTokens, factor,
        count.changing.length === 0, count.changing, count.templateEstimate);
      block.role = laid.role;
      block.messageIndex = laid.messageIndex;
      block.unfilled = count.unfilled;
      block.partials = count.partials;
      if (laid.url) block.url = laid.url;
      if (count.stableHead) {
        block.stableHead = { ...count.stableHead, tokens: calibrated(count.stableHead.rawTokens, factor) };
      }
      blocks.push(block);
    }
    const order = converseOrder(blocks);
    let prefix = 0;
    let rawPrefix = 0;
    for (const block of order) {
      prefix += block.tokens;
      rawPrefix += block.rawTokens;
      block.prefixTokens = prefix;
      block.rawPrefixTokens = rawPrefix;
    }
    const cachePoints = placeCachePoints(layout, blocks, order, lines, config.cacheTools === true, front.keyLines['cache.tools']);
    // One finding per unclosed `{{` can mean hundreds of thousands: too many to spread as arguments.
    // Unreadable YAML hides any `model:` it holds: "No model" there would be a second, false error.
    const yamlBroken = front.findings.some((f) => f.code === 'yaml-invalid' || f.code === 'frontmatter-not-map');
    const modelExpected = !options.partial && !yamlBroken;
    for (const finding of buildFindings({ lines, scan, layout, model, modelId, modelLine: front.modelLine, cachePoints, modelExpected })) findings.push(finding);
    if (!reducedMode) {
      findings.push(...volatileContentFindings({
        text, lines, mustaches: scan.mustaches, cachePointStarts: layout.cachePoints.map((p) => p.marker.start), config, partials,
      }));
    }
    if (reducedMode) {
      findings.push({ code: 'file-large', severity: 'info', range: lines.lineRange(0),
        message: `This file is larger than the size limit (${Math.round((options.sizeLimit ?? DEFAULT_SIZE_LIMIT) / 1024 / 1024)} MB): token counts are a cheap estimate (characters ÷ ${CHARS_PER_TOKEN}).` });
    }
    const last = order.at(-1);
    return {
      modelId, model, config, findings, blocks, cachePoints, reducedMode, keyLines: front.keyLines,
      folds: foldingRanges(lines, scan.mustaches, split.endLine),
      tokenizerLabel: tokenizerLabel(model?.row, reducedMode),
      frontmatterEndLine: split.endLine,
      totalTokens: last?.prefixTokens ?? 0,
      rawTotalTokens: last?.rawPrefixTokens ?? 0,
    };
  }
}

function newBlock(index: number, kind: Block['kind'], field: Block['field'], range: Block['range'], raw: number, factor: number,
  stable: boolean, changing: Block['changing'], templateEstimate: boolean): Block {
  return {
    index, kind, field, range, rawTokens: raw, tokens: calibrated(raw, factor), prefixTokens: 0, rawPrefixTokens: 0,
    stable, changing, templateEstimate, unfilled: [], partials: [],
  };
}

/** Bedrock reads the prefix as tools → system → messages, whatever the source order. */
export function converseOrder(blocks: Block[]): Block[] {
  const rank = { tools: 0, system: 1, message: 2 } as const;
  return [...blocks].sort((a, b) => rank[a.field] - rank[b.field] || a.index - b.index);
}

function placeCachePoints(layout: ReturnType<typeof layoutBlocks>, blocks: Block[], order: Block[], lines: LineIndex,
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
  for (const laid of layout.cachePoints) {
    const offsetLine = lines.position(laid.marker.start);
    // The last block before the point in Bedrock's order: same field, earlier in the source.
    let last = -1;
    order.forEach((block, i) => {
      const before = block.range.end.line < offsetLine.line || (block.range.end.line === offsetLine.line && block.range.end.character <= offsetLine.character);
      if (block.field === 'tools' || (laid.field === 'message' && block.field === 'system') || (block.field === laid.field && before)) last = i;
    });
    points.push(pointAfter(order, last, {
      range: lines.range(laid.marker.start, laid.marker.end), field: laid.field, messageIndex: laid.messageIndex,
      ttl: laid.marker.hash.ttl === '5m' || laid.marker.hash.ttl === '1h' ? laid.marker.hash.ttl : undefined,
    }));
  }
  // Segments are measured between points in Bedrock's order.
  const sorted = [...points].sort((a, b) => a.prefixTokens - b.prefixTokens || a.afterBlock - b.afterBlock);
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

export function tokenizerLabel(row: ModelRow | undefined, reducedMode = false): string {
  if (reducedMode) return `estimate: characters ÷ ${CHARS_PER_TOKEN} (file above the size limit)`;
  if (!row) return 'estimate: cl100k (model unknown, not calibrated)';
  const family = row.family === 'claude' ? 'Claude' : row.family === 'nova' ? 'Nova' : row.name;
  return `estimate: cl100k × ${row.tokenizerFactor} for ${family}`;
}

function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

function binaryAnalysis(lines: LineIndex): Analysis {
  return {
    modelId: '', config: emptyConfig(), folds: [], tokenizerLabel: tokenizerLabel(undefined), frontmatterEndLine: -1, blocks: [], cachePoints: [],
    findings: [{ code: 'file-binary', severity: 'error', range: lines.lineRange(0), message: 'This file holds binary data (NUL bytes), not a text prompt: nothing was analyzed.' }],
    totalTokens: 0, rawTotalTokens: 0, reducedMode: true,
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
