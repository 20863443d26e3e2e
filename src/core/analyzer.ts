/**
 * Computes the Analysis of one .prompt text: frontmatter, blocks with rendered token counts,
 * prefix totals in Bedrock's order (tools → system → messages) and cache points. One Analyzer
 * lives per editor session; its memo makes a keystroke re-render and re-count only the block
 * whose text changed.
 */
import type { Analysis, Block, Finding } from './analysis';
import { layoutBlocks, type LaidBlock } from './blockLayout';
import { buildFindings } from './analysisFindings';
import { converseOrder, placeCachePoints } from './cachePointPlacement';
import { emptyConfig, parseFrontmatter, splitFrontmatter } from './frontmatter';
import { LineIndex, type KnownChange } from './lineIndex';
import { MODEL_CATALOG, type ModelRow } from './modelCatalog';
import { resolveModel } from './modelResolver';
import { catalogWithProbes, type ProbeResult } from './probeResults';
import { createDotprompt, NO_PARTIALS, type PartialSource } from './renderer';
import { BlockCounter, type CountedBlock } from './blockCounter';
import { rescan, type ScanMemo } from './incrementalScan';
import { expandPartial } from './partialExpansion';
import { calibrated, loadTokenCounter, type TokenCounter } from './tokenizer';
import { toolsBlockText } from './toolsBlock';
import { foldingRanges } from './folding';
import { volatileContentFindings } from './volatileContent';
import { fitConfigToModel } from './bedrockConfig';
import { schemaFindings } from './schemaCheck';
import { DEFAULT_BEDROCK_MODEL, isOtherProviderModel, modelMappingFinding } from './genkitConversion';

import type { DeclaredTemplateParts } from './declaredHelpers';

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
  /**
   * A first look before the exact count: blocks counted as characters ÷ 4 without loading the
   * tokenizer, marked `estimating`, so a large file gets its lenses at once and the exact
   * analysis that follows refines them.
   */
  estimate?: boolean;
  /** What the project's code registers: helpers, named schemas, and the file's model → Bedrock model map. */
  declared?: DeclaredTemplateParts & { models?: Record<string, string> };
  /** A partial (`_name.prompt`): included by other prompts, never run, so it needs no model. */
  partial?: boolean;
  /** What the editor's change events say changed since the text analyzed before (textChangeSpan.ts). */
  change?: KnownChange;
}

/** `_name.prompt` is a partial by Dotprompt's naming: included with `{{> name}}`, never run on its own. */
export function isPartialFile(path: string): boolean {
  return /(^|[\\/])_[^\\/]*\.prompt$/.test(path);
}

/** A block as counted, with its place in the document: kept for the next keystroke. */
interface CountedLaid { laid: LaidBlock; count: CountedBlock; range: Block['range'] }

export const DEFAULT_SIZE_LIMIT = 5 * 1024 * 1024;
/** Above this many characters, analysis yields to the event loop between whole-text passes. */
const LARGE_TEXT = 256 * 1024;
/** The longest the analysis runs before giving the event loop a turn, in milliseconds. */
const SLICE_MS = 2;
const CHARS_PER_TOKEN = 4;

export class Analyzer {
  private readonly counter = new BlockCounter();
  private tokens?: Promise<TokenCounter>;

  /** The last text's scan: a keystroke in prose shifts it instead of scanning again. */
  private lastScan?: ScanMemo;

  /** The last text's line index: the next version's is built from it. */
  private lastLines?: LineIndex;

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

  /** The last analysis's counted blocks by start offset, with what they depended on. */
  private lastCounts?: { text: string; front: ReturnType<typeof parseFrontmatter>; context: string; lineCount: number; byStart: Map<number, CountedLaid> };

  /**
   * After an edit, blocks entirely before the changed stretch, or after it on later lines when no
   * line was added or removed, have the same text, lines and columns as last time: their counts
   * are taken as they are, without even comparing their text. Only plain blocks qualify: partials
   * and media depend on files, which may have changed.
   */
  private unchangedBlocks(lines: LineIndex, previousText: string | undefined, front: ReturnType<typeof parseFrontmatter>, context: string): ((laid: LaidBlock) => CountedLaid | undefined) | undefined {
    const last = this.lastCounts;
    const change = lines.change;
    // The same frontmatter, model and declarations give the same config and helpers to count with.
    if (!last || !change || last.front !== front || last.context !== context) return undefined;
    // The change is against the text the line index had before; the counts must be of that text
    // too (an analysis still running when this one started has not stored its counts yet).
    if (last.text !== previousText) return undefined;
    const text = lines.text;
    const changedEnd = text.length - change.suffix;
    const delta = text.length - last.text.length;
    const sameLines = lines.lineCount === last.lineCount;
    // Blocks starting here or later lie on lines after the changed stretch.
    const endLine = lines.position(changedEnd).line;
    const laterLines = endLine + 1 < lines.lineCount ? lines.lineStart(endLine + 1) : Infinity;
    return (laid) => {
      if (laid.kind !== 'text') return undefined;
      for (const m of laid.mustaches) if (m.kind === 'partial' || m.kind === 'media') return undefined;
      let old: number;
      if (laid.end <= change.prefix) old = laid.start;
      else if (sameLines && laid.start >= laterLines) old = laid.start - delta;
      else return undefined;
      const hit = last.byStart.get(old);
      if (!hit || hit.laid.end - hit.laid.start !== laid.end - laid.start || hit.laid.kind !== 'text') return undefined;
      // Same text, but an edit elsewhere may have changed the nesting it sits in (an {{#each}}
      // opened above changes which names are inputs): the mustaches must sit as they did.
      const was = hit.laid.mustaches;
      if (was.length !== laid.mustaches.length) return undefined;
      for (let i = 0; i < was.length; i++) {
        const a = was[i];
        const b = laid.mustaches[i];
        if (a.depth !== b.depth || a.inContextBlock !== b.inContextBlock || a.kind !== b.kind || a.start - old !== b.start - laid.start) return undefined;
      }
      return { laid, count: hit.count, range: hit.range };
    };
  }

  /** How many block renders missed the memo so far (for tests and benchmarks). */
  get renderCount(): number {
    return this.counter.renderCount;
  }

  /** How many block renders went through Handlebars (for tests and benchmarks). */
  get templateRenderCount(): number {
    return this.counter.templateRenderCount;
  }

  async analyze(text: string, options: AnalyzeOptions = {}): Promise<Analysis> {
    const baseCatalog = options.catalog ?? MODEL_CATALOG;
    // On a large text a whole-text pass can take milliseconds: once a slice has run for a while,
    // the event loop gets a turn between passes, so no pass adds to another to block the
    // extension host. A keystroke's passes are quick and run as one slice.
    let sliceStarted = performance.now();
    const large = text.length > LARGE_TEXT;
    const pause = async (anySize = false) => {
      if ((large || anySize) && performance.now() - sliceStarted > SLICE_MS) { await yieldToEventLoop(); sliceStarted = performance.now(); }
    };
    const previousText = this.lastLines?.text;
    const lines = LineIndex.update(this.lastLines, text, options.change);
    this.lastLines = lines;
    const findings: Finding[] = [];
    if (looksBinary(text)) return binaryAnalysis(lines);
    const reducedMode = text.length > (options.sizeLimit ?? DEFAULT_SIZE_LIMIT);
    const estimating = !reducedMode && options.estimate === true;
    const cheap = reducedMode || estimating;
    await pause();
    const split = splitFrontmatter(text, lines);
    findings.push(...split.findings);
    const front = this.frontmatter(text, split, lines);
    await pause();
    findings.push(...front.findings);
    const fileModel = (front.config.model ?? '').trim();
    const mapped = fileModel ? options.declared?.models?.[fileModel] : undefined;
    const modelId = (options.modelOverride || mapped || fileModel || options.defaultModel || '').trim();
    const catalog = options.probes?.length ? catalogWithProbes(baseCatalog, options.probes, front.config.region || options.region) : baseCatalog;
    const model = modelId ? resolveModel(modelId, catalog) : undefined;
    const configLine = (key: string) => lines.lineRange(front.configKeyLines[key] ?? front.keyLines.config ?? 0);
    const fitted = fitConfigToModel(front.config, model, configLine);
    findings.push(...fitted.findings);
    const config = fitted.config;
    const factor = model?.row?.tokenizerFactor ?? 1;
    if (config.schemas?.length) {
      const keyLine = (key: string) => front.keyLines[key] ?? front.keyLines[key.split('.')[0]] ?? 0;
      findings.push(...await schemaFindings(config, options.declared?.schemas ?? {}, text, lines, { start: split.yamlStart, end: split.yamlEnd, keyLine }));
    }
    // The line index's change is against the text analyzed last; the scan may be older (a binary text in between).
    this.lastScan = rescan(this.lastScan, text, split.bodyStart, this.lastScan?.text === previousText ? lines.change : undefined);
    const scan = this.lastScan.result;
    await pause();
    const partials = options.partials ?? NO_PARTIALS;
    const layout = layoutBlocks(text, split.bodyStart, text.length, scan.mustaches, (name) => expandPartial(name, partials));
    let made: ReturnType<typeof createDotprompt> | undefined;
    const declared = { helpers: options.declared?.helpers, schemas: options.declared?.schemas };
    const env = () => (made ??= createDotprompt(partials, {}, declared));
    const knownHelpers = new Set(Object.keys(declared.helpers ?? {}));
    const declaredKey = declared.helpers || declared.schemas ? JSON.stringify(declared) : '';
    const tokens = cheap ? undefined : await (this.tokens ??= loadTokenCounter());

    const blocks: Block[] = [];
    const tools = toolsBlockText(config, options.readToolsFile);
    if (tools.error) findings.push({ code: 'tools-file', severity: 'error', range: lines.lineRange(front.keyLines['bedrock.tools'] ?? 0), message: tools.error });
    if (tools.text) {
      const line = front.keyLines['bedrock.tools'] ?? front.keyLines.bedrock ?? front.keyLines.tools ?? 0;
      const raw = tokens ? tokens.count(tools.text) : Math.ceil(tools.text.length / CHARS_PER_TOKEN);
      blocks.push(newBlock(0, 'tools', 'tools', lines.lineRange(line), raw, factor, true, [], false));
    }

    const counted: CountedLaid[] = [];
    const byStart = new Map<number, CountedLaid>();
    const countContext = `${modelId}\u0000${declaredKey}`;
    const unchanged = cheap ? undefined : this.unchangedBlocks(lines, previousText, front, countContext);
    for (const laid of layout.blocks) {
      let entry = unchanged?.(laid);
      if (!entry) {
        const count = cheap
          ? this.counter.cheap(text, laid)
          : await this.counter.count({ text, laid, lines, env, partials, config, counter: tokens!, checkMedia: options.checkMedia, knownHelpers, declaredKey });
        entry = { laid, count, range: lines.range(laid.start, laid.end) };
        // Counting a block can take a while whatever the text's size (the first count of a long one).
        await pause(true);
      }
      counted.push(entry);
      byStart.set(laid.start, entry);
    }
    this.lastCounts = cheap ? undefined : { text, front, context: countContext, lineCount: lines.lineCount, byStart };
    const problems = scan.problems;
    for (const { laid, count, range } of counted) {
      // A syntax problem the scanner already placed exactly would come back from Handlebars as a
      // second, vaguer template error: one finding per mistake.
      if (count.findings.length > 0) {
        const syntax = problems.some((p) => p.start >= laid.start && p.start <= laid.end);
        findings.push(...(syntax ? count.findings.filter((f) => f.code !== 'template-error') : count.findings));
      }
      const block = newBlock(blocks.length, laid.kind, laid.field, range, count.rawTokens, factor,
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
    const mapping = options.modelOverride ? undefined
      : modelMappingFinding({ config, mappedFrom: mapped ? fileModel : undefined, keyLines: front.keyLines }, lines, mappingTarget(options.defaultModel));
    for (const finding of buildFindings({ lines, scan, layout, model, modelId, modelLine: front.modelLine, cachePoints, modelExpected })) {
      // Another provider's model: the mapping finding says what to do instead of "not in the catalog".
      if (!(mapping && finding.code === 'model-unknown')) findings.push(finding);
    }
    if (mapping) findings.push(mapping);
    if (!cheap) {
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
      modelId, model, config, findings, ...(mapped && modelId === mapped ? { mappedFrom: fileModel } : {}), blocks, cachePoints, reducedMode, keyLines: front.keyLines,
      folds: foldingRanges(lines, scan.mustaches, split.endLine),
      tokenizerLabel: estimating ? ESTIMATING_LABEL : tokenizerLabel(model?.row, reducedMode),
      ...(estimating ? { estimating } : {}),
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

const ESTIMATING_LABEL = `estimate: characters ÷ ${CHARS_PER_TOKEN} while the exact count runs`;

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

function mappingTarget(defaultModel: string | undefined): string {
  return defaultModel && !isOtherProviderModel(defaultModel) ? defaultModel : DEFAULT_BEDROCK_MODEL;
}
