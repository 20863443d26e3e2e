/**
 * The one path from a .prompt file to what is analyzed and sent: read the text, apply the workspace
 * rule, read partials, tools and media through the same confined sources, analyze, check inputs,
 * render with the run's inputs and build the Converse request. The editor (lenses, runs, exact
 * counts, Export Request) and every CLI command go through here. No AWS code: Export Request and
 * `analyze` work offline without loading the SDK.
 */
import type { Message } from 'dotprompt';
import { readFileSync } from 'node:fs';
import type { Analysis } from '../core/analysis';
import { Analyzer, type AnalyzeOptions } from '../core/analyzer';
import { buildConverseRequest, type BuiltRequest } from '../core/converseRequest';
import type { ModelRow } from '../core/modelCatalog';
import { resolveModel, type ResolvedModel } from '../core/modelResolver';
import { CompiledPrompts } from '../core/renderer';
import { checkRequest } from '../core/requestRules';
import { toolsBlockText } from '../core/toolsBlock';
import { dotpromptSource, splitFrontmatter } from '../core/frontmatter';
import { LineIndex } from '../core/lineIndex';
import { renderedFirstLine, templateProblem } from '../core/renderErrors';
import { templatePartialCycle } from '../core/partialCycles';
import { analyzerSources, promptSources, type PromptSources } from './promptSources';
import { promptWorkspaceRoots } from './workspaceRoot';
import { emptyDeclarations, mergeDeclarations, projectDeclarations, type Declarations } from './projectConfig';
import { identityOf, plainJson, PreparationMemo, recordingSources, type SourceRead } from './preparationMemo';

/** Shared by every preparation in the process: the same prompt is compiled once. */
const compiledPrompts = new CompiledPrompts();

export class PromptInputError extends Error {
  constructor(message: string, readonly missingInputs: string[] = []) {
    super(message);
    this.name = 'PromptInputError';
  }
}

/**
 * True for a PromptInputError from any bundle: the editor loads the AWS layer as its own bundle,
 * which holds its own copy of the class, so `instanceof` alone would miss its errors.
 */
export function isPromptInputError(error: unknown): error is PromptInputError {
  return error instanceof Error && error.name === 'PromptInputError' && Array.isArray((error as PromptInputError).missingInputs);
}

export interface PromptLocation {
  /** Absolute path of the .prompt file. */
  file: string;
  /** The document's text (an unsaved editor buffer); read from disk when absent. */
  text?: string;
  /** Folders files may be read from, as `promptWorkspaceRoots` gives them; the same rule applies when absent. */
  workspaceRoots?: readonly string[];
  /** Extra partial folders (already filtered by workspace trust). */
  partialsPath?: readonly string[];
  /** Declarations from settings; the project file's are added to them. */
  declared?: Partial<Declarations>;
  /** A project file named explicitly (`--config`). */
  configFile?: string;
  /** False to ignore project files. */
  readProjectFile?: boolean;
  /** False in an untrusted workspace: its project file may not map models or name partial folders. */
  projectTrusted?: boolean;
}

export interface AnalyzePromptOptions extends PromptLocation {
  /** Model when the file names none. */
  defaultModel?: string;
  /** Model that wins over the file's `model:` (`--model`). */
  modelOverride?: string;
  catalog?: readonly ModelRow[];
  analyzer?: Analyzer;
  sizeLimit?: number;
  /** Probed cache rules of this account; they replace catalog minimums for `region`. */
  probes?: AnalyzeOptions['probes'];
  region?: string;
}

export interface AnalyzedPrompt {
  text: string;
  analysis: Analysis;
  sources: PromptSources;
}

export interface PrepareOptions extends AnalyzePromptOptions {
  inputs?: Record<string, unknown>;
  /** Previous turns for `{{history}}`, in Dotprompt's message shape. */
  history?: Message[];
  /** An analysis of exactly `text` made by the caller (the editor has one per version): reused as is. */
  analysis?: Analysis;
}

export interface PreparedPrompt {
  analysis: Analysis;
  model: ResolvedModel;
  built: BuiltRequest;
  /** Inputs after defaults were applied. */
  inputs: Record<string, unknown>;
}

/** The sources of a prompt under the one workspace rule. */
export function sourcesFor(location: PromptLocation): PromptSources {
  const roots = location.workspaceRoots ?? promptWorkspaceRoots(location.file);
  const project = location.readProjectFile === false ? emptyDeclarations() : projectDeclarations(location.file, roots, location.configFile);
  if (location.projectTrusted === false) {
    project.models = {};
    project.partialFolders = [];
  }
  return promptSources(location.file, roots, location.partialsPath, mergeDeclarations(location.declared, project));
}

export async function analyzePrompt(options: AnalyzePromptOptions): Promise<AnalyzedPrompt> {
  const text = options.text ?? readFileSync(options.file, 'utf8');
  const sources = sourcesFor(options);
  return { text, analysis: await analysisOf(text, sources, recordingSources(sources), options, analysisKey(options, sources)), sources };
}

async function analyzeWith(text: string, sources: PromptSources, options: AnalyzePromptOptions): Promise<Analysis> {
  const analysis = await (options.analyzer ?? new Analyzer()).analyze(text, {
    defaultModel: options.defaultModel, modelOverride: options.modelOverride, catalog: options.catalog,
    sizeLimit: options.sizeLimit, probes: options.probes, region: options.region, ...analyzerSources(sources),
  });
  // A mistake in the project file shows where the prompt is looked at, not only in a log.
  const problems = sources.declarations.problems.map((message) => ({
    code: 'project-config', severity: 'warning' as const, message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  }));
  return problems.length > 0 ? { ...analysis, findings: [...analysis.findings, ...problems] } : analysis;
}

/**
 * Names of inputs the template uses that neither the run nor `input.default` gives a value. A
 * schema field the template never reads, or one the schema marks optional, is never demanded.
 */
export function missingInputs(analysis: Analysis, inputs: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const block of analysis.blocks) for (const name of block.unfilled) names.add(name);
  const optional = new Set(analysis.config.optionalInputs ?? []);
  return [...names].filter((name) => name !== 'history' && !optional.has(name) && !(name in inputs) && !(name in analysis.config.inputDefaults)).sort();
}

/** Findings that make the request impossible to build faithfully: nothing is sent while they stand. */
const BLOCKING = /^(yaml-|frontmatter-|file-binary|tools-file|partial-|media-refused|template-error|mustache-|block-|schema-)/;

/**
 * The process's recent analyses and preparations (see preparationMemo.ts). Shared by every caller:
 * an analysis does not depend on which Analyzer made it, only how fast it was made.
 */
const analyses = new PreparationMemo<Analysis>();
const preparations = new PreparationMemo<PreparedPrompt>();

/**
 * The request for a prompt, with its analysis. A prompt prepared again unchanged gets the same
 * PreparedPrompt object, and one prepared with other inputs reuses its analysis: callers must not
 * change either.
 */
export async function preparePrompt(options: PrepareOptions): Promise<PreparedPrompt> {
  const text = options.text ?? readFileSync(options.file, 'utf8');
  const fresh = sourcesFor(options);
  const base = analysisKey(options, fresh);
  const key = base && plainJson([base, options.inputs ?? {}, options.history ?? null]);
  const kept = key && preparations.lookup(key, text, fresh);
  if (kept) return kept.value;
  const { sources, reads } = recordingSources(fresh);
  const analysis = options.analysis ?? await analysisOf(text, fresh, { sources, reads }, options, base);
  const prepared = await prepareFrom(analysis, text, sources, options);
  if (key) preparations.store(key, text, reads, prepared);
  return prepared;
}

/**
 * The analysis through the memo (`key` from analysisKey): the one made before when the text,
 * options and every read it made are the same. Its reads join the recorded ones (none before it),
 * which a preparation is kept with.
 */
async function analysisOf(text: string, fresh: PromptSources, recorded: { sources: PromptSources; reads: SourceRead[] },
  options: AnalyzePromptOptions, key: string | undefined): Promise<Analysis> {
  const kept = key && analyses.lookup(key, text, fresh);
  if (kept) {
    recorded.reads.push(...kept.reads);
    return kept.value;
  }
  const analysis = await analyzeWith(text, recorded.sources, options);
  if (key) analyses.store(key, text, [...recorded.reads], analysis);
  return analysis;
}

/** Everything besides the text and the files read that an analysis depends on; undefined when it cannot be told. */
function analysisKey(options: AnalyzePromptOptions & { analysis?: Analysis }, sources: PromptSources): string | undefined {
  return plainJson([
    options.file, options.modelOverride ?? null, options.defaultModel ?? null, options.sizeLimit ?? null, options.region ?? null,
    identityOf(options.catalog), identityOf(options.probes), identityOf(options.analysis),
    { ...sources.declarations, file: sources.declarations.file ?? null },
  ]);
}

async function prepareFrom(analysis: Analysis, text: string, sources: PromptSources, options: PrepareOptions): Promise<PreparedPrompt> {
  const modelId = (options.modelOverride || analysis.modelId).trim();
  if (!modelId) throw new PromptInputError('No model: add `model:` to the frontmatter, or set a default model.');
  const model = resolveModel(modelId, options.catalog);
  const errors = analysis.findings.filter((f) => f.severity === 'error' && BLOCKING.test(f.code));
  if (errors.length > 0) throw new PromptInputError(`The prompt has errors: ${errors.map((f) => `line ${f.range.start.line + 1}: ${f.message}`).join('; ')}`);
  const given = options.inputs ?? {};
  const missing = missingInputs(analysis, given);
  if (missing.length > 0) {
    throw new PromptInputError(`Missing input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Give ${missing.length > 1 ? 'them values' : 'it a value'} (or a default under input.default).`, missing);
  }
  const inputs = { ...analysis.config.inputDefaults, ...given };
  const rendered = await renderOrExplain(text, sources, { input: inputs, messages: options.history });
  const tools = toolsBlockText(analysis.config, sources.readToolsFile);
  if (tools.error) throw new PromptInputError(tools.error);
  const built = buildConverseRequest(rendered, {
    modelId: model.requestId, config: analysis.config, tools: tools.specs, analysis, readMedia: sources.readMedia,
  });
  // What Bedrock would refuse is refused here, before anything is sent or exported.
  const problems = checkRequest(built.request, built.sites, model.row, analysis);
  if (problems.length > 0) throw new PromptInputError(`The request cannot be sent as rendered: ${problems.map((p) => p.message).join(' ')}`);
  return { analysis, model, built, inputs };
}

/** Renders the whole file; what Handlebars or dotprompt throw becomes one message at a line of the file. */
async function renderOrExplain(text: string, sources: PromptSources, data: Parameters<CompiledPrompts['render']>[2]) {
  const cycle = templatePartialCycle(text, sources.partials);
  if (cycle) throw new PromptInputError(`line ${lineOfPartial(text, cycle[0]) + 1}: circular partials: ${cycle.join(' → ')} includes itself, so the template can never finish rendering.`);
  try {
    const { helpers, schemas } = sources.declarations;
    return await compiledPrompts.render(dotpromptSource(text), sources.partials, data, undefined, { helpers, schemas });
  } catch (error) {
    const lines = new LineIndex(text);
    const problem = templateProblem(error, renderedFirstLine(text, splitFrontmatter(text, lines).bodyStart), text);
    throw new PromptInputError(`line ${problem.line + 1}: ${problem.message}`);
  }
}

function lineOfPartial(text: string, name: string): number {
  const at = text.search(new RegExp(`\\{\\{~?>\\s*["'[]?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  return at < 0 ? 0 : text.slice(0, at).split('\n').length - 1;
}
