/**
 * Renders one block through dotprompt and counts its tokens, memoized by the block's text and
 * the data it reads, so unchanged blocks cost a map lookup on every keystroke.
 */
import type { Dotprompt } from 'dotprompt';
import type { ChangingContent, Finding } from './analysis';
import type { LaidBlock } from './blockLayout';
import type { LineIndex } from './lineIndex';
import type { PromptConfig } from './promptConfig';
import { partialCycle } from './partialCycles';
import { renderFragmentText, type PartialSource } from './renderer';
import { templateProblem } from './renderErrors';
import { BoundedMemo } from './boundedMemo';
import { detached } from './detachedString';
import { spliceRender } from './renderSplice';
import { scanBody, STRUCTURAL, variablesOf } from './scanner';
import type { TokenCounter } from './tokenizer';

export interface CountedBlock {
  rawTokens: number;
  changing: ChangingContent[];
  unfilled: string[];
  partials: string[];
  templateEstimate: boolean;
  stableHead?: { rawTokens: number; endLine: number };
  findings: Finding[];
}

export interface CountRequest {
  text: string;
  laid: LaidBlock;
  lines: LineIndex;
  /** Made on first use: most keystrokes render nothing new. */
  env: () => Dotprompt;
  partials: PartialSource;
  config: PromptConfig;
  counter: TokenCounter;
  /** Why a local media file may not be read (outside the workspace), or undefined when it may. */
  checkMedia?: (url: string) => string | undefined;
  /** Helpers the project declares (registered in code). */
  knownHelpers?: ReadonlySet<string>;
  /** Declared helpers and schemas, as part of the memo key: a new declaration renders again. */
  declaredKey?: string;
}

/** A flat per-image estimate: Claude charges about (width × height) / 750, ~1,600 for a 1.15 MP image. */
export const IMAGE_TOKENS = 1600;
const IMAGE_EXT = /\.(png|jpe?g|gif|webp)$/i;
const MEMO_LIMIT = 2048;
/** Characters the render memo keeps: every block of a prompt of several megabytes, rendered. */
const MEMO_CHARS = 16 * 1024 * 1024;

interface Rendered { text: string; error?: string }

export class BlockCounter {
  /** fingerprint → the fragment and its results by the data and partials it was rendered with. */
  private renders = new BoundedMemo<{ fragment: string; byExtra: Map<string, Rendered> }>(MEMO_LIMIT, MEMO_CHARS);
  private partialScans = new Map<string, { variables: string[]; partials: string[] }>();
  /** Renders actually performed (memo misses): what a keystroke costs. */
  renderCount = 0;
  /** How many of those went through Handlebars (the rest were plain text or spliced from the last render). */
  templateRenderCount = 0;

  cheap(text: string, laid: LaidBlock): CountedBlock {
    const raw = laid.kind === 'text' ? Math.ceil((laid.end - laid.start) / 4) : laid.kind === 'media' ? IMAGE_TOKENS : 0;
    return { rawTokens: raw, changing: [], unfilled: [], partials: [], templateEstimate: true, findings: [] };
  }

  async count(req: CountRequest): Promise<CountedBlock> {
    const { laid, lines } = req;
    const startLine = lines.position(laid.start).line;
    if (laid.kind === 'history') {
      return { rawTokens: 0, changing: [{ name: 'history', line: startLine }], unfilled: [], partials: [], templateEstimate: false, findings: [] };
    }
    if (laid.kind === 'media') {
      const findings: Finding[] = [];
      // `{{media url=photo}}`: the picture is an input, changing from run to run unless declared stable.
      const variable = /\burl=(?!["'])([A-Za-z_][\w.]*)/.exec(req.text.slice(laid.start, laid.end))?.[1]?.split('.')[0];
      if (variable && variable !== 'this' && laid.fragment === undefined) {
        const stable = req.config.stable.includes(variable);
        return {
          rawTokens: IMAGE_TOKENS, changing: stable ? [] : [{ name: variable, line: startLine }],
          unfilled: variable in req.config.inputDefaults ? [] : [variable], partials: [], templateEstimate: true, findings,
        };
      }
      const url = laid.url ?? '';
      if (/^https?:/i.test(url)) {
        findings.push({ code: 'media-http', severity: 'error', range: lines.range(laid.start, laid.end), message: `Bedrock cannot fetch ${url}: use a file in the workspace or an s3:// URL.` });
      } else if (url && !/^(s3:\/\/|data:)/i.test(url)) {
        const refused = req.checkMedia?.(url);
        if (refused) findings.push({ code: 'media-refused', severity: 'error', range: lines.range(laid.start, laid.end), message: refused });
      }
      return { rawTokens: IMAGE_EXT.test(url) ? IMAGE_TOKENS : 0, changing: [], unfilled: [], partials: [], templateEstimate: false, findings };
    }
    return this.countText(req, startLine);
  }

  private async countText(req: CountRequest, startLine: number): Promise<CountedBlock> {
    const { text, laid, lines, config } = req;
    const findings: Finding[] = [];
    const stable = new Set(config.stable);
    const changing: ChangingContent[] = [];
    const referenced = new Set<string>();
    const partials: string[] = [];
    const partialTexts: string[] = [];
    let nestedMarker = false;
    let missingPartial = false;
    if (laid.fragment !== undefined) {
      // A piece of a partial that holds structural markers: its own variables, at the partial's line.
      for (const name of this.scanPartial(laid.fragment).variables) {
        referenced.add(name);
        if (!stable.has(name) && !changing.some((c) => c.name === name)) changing.push({ name, line: startLine });
      }
      partials.push(...laid.mustaches.map((m) => m.name));
    }
    for (const m of laid.fragment !== undefined ? [] : laid.mustaches) {
      if (STRUCTURAL.has(m.kind)) nestedMarker = true;
      let names = variablesOf(m);
      if (m.kind === 'partial') {
        partials.push(m.name);
        const found = req.partials.read(m.name);
        if (!found.found) {
          findings.push({
            code: found.refused ? 'partial-refused' : 'partial-missing', severity: 'error', range: lines.range(m.start, m.end),
            message: found.refused ?? `Partial "${m.name}" not found (looked for ${found.searched.join(', ') || `_${m.name}.prompt and ${m.name}.prompt next to the file`}).`,
          });
          missingPartial = true;
          continue;
        }
        const cycle = partialCycle(m.name, req.partials);
        if (cycle) {
          findings.push({ code: 'partial-circular', severity: 'error', range: lines.range(m.start, m.end),
            message: `Circular partials: ${cycle.join(' → ')} includes itself, so the template can never finish rendering.` });
          missingPartial = true;
          continue;
        }
        // Everything the partial reaches counts: its own variables and those of partials it includes.
        const reach = this.reachOf(found.text, req.partials);
        partialTexts.push(...reach.texts);
        names = reach.variables;
      }
      for (const name of names) {
        referenced.add(name);
        if (!stable.has(name) && !changing.some((c) => c.name === name)) changing.push({ name, line: lines.position(m.start).line });
      }
    }
    const input: Record<string, unknown> = {};
    const unfilled: string[] = [];
    for (const name of referenced) {
      if (name in config.inputDefaults) input[name] = config.inputDefaults[name];
      else unfilled.push(name);
    }
    const fragment = laid.fragment ?? text.slice(laid.start, laid.end);
    const extra = JSON.stringify(input) + '\u0000' + partialTexts.join('\u0000') + '\u0000' + (req.declaredKey ?? '');
    let templateEstimate = nestedMarker || missingPartial;
    let counted = fragment;
    if (!templateEstimate) {
      const rendered = await this.render(req.env, fragment, input, extra);
      if (rendered.error !== undefined) {
        findings.push(templateFinding(rendered.error, startLine, lines, fragment, req.knownHelpers));
        templateEstimate = true;
      } else counted = rendered.text;
    }
    const result: CountedBlock = { rawTokens: req.counter.count(counted), changing, unfilled, partials, templateEstimate, findings };
    const firstChange = Math.min(...changing.map((c) => c.line));
    if (changing.length > 0 && firstChange > startLine && !templateEstimate) {
      const head = text.slice(laid.start, lines.lineStart(firstChange)).trimEnd();
      const rendered = await this.render(req.env, head, input, extra);
      result.stableHead = { rawTokens: req.counter.count(rendered.error === undefined ? rendered.text : head), endLine: firstChange - 1 };
    }
    return result;
  }

  /** The last few fragments Handlebars rendered, for a keystroke's render to start from (see renderSplice.ts). */
  private readonly recent: { fragment: string; extra: string; text: string }[] = [];

  private spliced(fragment: string, extra: string): string | undefined {
    for (let i = this.recent.length - 1; i >= 0; i--) {
      const r = this.recent[i];
      if (r.extra !== extra || Math.abs(r.fragment.length - fragment.length) > 64) continue;
      const text = spliceRender(r.fragment, r.text, fragment);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  private async render(env: () => Dotprompt, fragment: string, input: Record<string, unknown>, extra: string): Promise<Rendered> {
    // Hashing every block's full text on every keystroke costs milliseconds on a 1 MB file; a
    // short fingerprint finds the entry and one string comparison (a fast memory compare)
    // confirms it.
    const key = fingerprint(fragment);
    let entry = this.renders.get(key);
    if (entry && entry.fragment !== fragment) entry = undefined;
    const hit = entry?.byExtra.get(extra);
    if (hit) return hit;
    let rendered: Rendered;
    this.renderCount++;
    const spliced = fragment.includes('{{') ? this.spliced(fragment, extra) : undefined;
    if (spliced !== undefined) rendered = { text: spliced };
    else {
      try {
        if (fragment.includes('{{')) this.templateRenderCount++;
        rendered = { text: await renderFragmentText(env, fragment, input) };
      } catch (error) {
        rendered = { text: '', error: (error as Error).message ?? String(error) };
      }
    }
    // What the memo keeps must not keep this version of the document alive (detachedString.ts).
    const kept = entry?.fragment ?? detached(fragment);
    rendered = rendered.error !== undefined ? { text: '', error: detached(rendered.error) }
      : { text: rendered.text === fragment ? kept : detached(rendered.text) };
    // Plain text renders to itself at no cost: only what went through Handlebars is worth keeping.
    if (rendered.error === undefined && rendered.text !== kept) {
      if (this.recent.length >= 4) this.recent.shift();
      this.recent.push({ fragment: kept, extra, text: rendered.text });
    }
    const storedKey = detached(key);
    if (!entry) {
      entry = { fragment: kept, byExtra: new Map() };
      this.renders.set(storedKey, entry, kept.length + storedKey.length);
    }
    // A block rendered with many different inputs keeps only its latest few results.
    if (entry.byExtra.size >= 8) {
      const [oldest, result] = entry.byExtra.entries().next().value as [string, Rendered];
      entry.byExtra.delete(oldest);
      this.renders.grow(storedKey, -renderedChars(oldest, result, kept));
    }
    entry.byExtra.set(extra, rendered);
    this.renders.grow(storedKey, renderedChars(extra, rendered, kept));
    return rendered;
  }

  /** The texts and variables a partial reaches, nested partials included (each visited once). */
  private reachOf(text: string, partials: PartialSource): { texts: string[]; variables: string[] } {
    const texts = [text];
    const variables = new Set<string>();
    const seen = new Set<string>();
    for (let i = 0; i < texts.length && i < 256; i++) {
      const scanned = this.scanPartial(texts[i]);
      for (const name of scanned.variables) variables.add(name);
      for (const name of scanned.partials) {
        if (seen.has(name)) continue;
        seen.add(name);
        const found = partials.read(name);
        if (found.found) texts.push(found.text);
      }
    }
    return { texts, variables: [...variables] };
  }

  private scanPartial(text: string): { variables: string[]; partials: string[] } {
    const hit = this.partialScans.get(text);
    if (hit) return hit;
    const variables = new Set<string>();
    const partials: string[] = [];
    for (const m of scanBody(text, 0).mustaches) {
      for (const name of variablesOf(m)) variables.add(name);
      if (m.kind === 'partial') partials.push(m.name);
    }
    const scanned = { variables: [...variables], partials };
    if (this.partialScans.size >= MEMO_LIMIT) this.partialScans.delete(this.partialScans.keys().next().value as string);
    this.partialScans.set(text, scanned);
    return scanned;
  }
}

/** Characters one memoized render keeps beyond its fragment. */
function renderedChars(extra: string, rendered: Rendered, fragment: string): number {
  return extra.length + (rendered.text === fragment ? 0 : rendered.text.length) + (rendered.error?.length ?? 0);
}

function fingerprint(text: string): string {
  return text.length <= 96 ? text : `${text.length}|${text.slice(0, 48)}|${text.slice(-48)}`;
}

/** Maps a Handlebars error (lines relative to the fragment) to the document. */
function templateFinding(message: string, fragmentLine: number, lines: LineIndex, fragment: string, knownHelpers?: ReadonlySet<string>): Finding {
  const problem = templateProblem(new Error(message), 0, fragment);
  const line = fragmentLine + problem.line;
  // A helper registered in code is not an error in the file: a warning with a quick fix that declares it.
  if (problem.code === 'helper-unknown') {
    return { code: 'helper-unknown', severity: knownHelpers?.has(problem.name ?? '') ? 'info' : 'warning', range: lines.lineRange(line), message: problem.message, data: { helper: problem.name ?? '' } };
  }
  return { code: problem.code, severity: 'error', range: lines.lineRange(line), message: problem.message };
}
