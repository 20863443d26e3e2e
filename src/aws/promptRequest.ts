/**
 * From a .prompt file on disk to the Converse request a run sends: analysis (for cache points,
 * blocks and estimates), rendering with the run's inputs, the tool list, media read from inside
 * the workspace only, and the resolved model.
 */
import type { Message } from 'dotprompt';
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Analysis } from '../core/analysis';
import { Analyzer } from '../core/analyzer';
import { buildConverseRequest, type BuiltRequest, type MediaReader } from '../core/converseRequest';
import type { ModelRow } from '../core/modelCatalog';
import { resolveModel, type ResolvedModel } from '../core/modelResolver';
import { CompiledPrompts } from '../core/renderer';
import { toolsBlockText } from '../core/toolsBlock';
import { WorkspaceFiles } from '../node/promptFiles';

/** Largest media file sent inline; Bedrock's own limits are lower for most formats. */
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

/** Shared by every run in the process: the same prompt is compiled once. */
const compiledPrompts = new CompiledPrompts();

export class PromptInputError extends Error {
  constructor(message: string, readonly missingInputs: string[] = []) {
    super(message);
    this.name = 'PromptInputError';
  }
}

export interface PrepareOptions {
  /** Absolute path of the .prompt file. */
  file: string;
  /** The document's text (an unsaved editor buffer); read from disk when absent. */
  text?: string;
  /** Folders files may be read from; the prompt's own folder when empty. */
  workspaceRoots?: string[];
  partialsPath?: string[];
  inputs?: Record<string, unknown>;
  /** Previous turns for `{{history}}`, in Dotprompt's message shape. */
  history?: Message[];
  /** Model when the file names none; `modelOverride` wins over the file. */
  defaultModel?: string;
  modelOverride?: string;
  catalog?: readonly ModelRow[];
  analyzer?: Analyzer;
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

export function workspaceMediaReader(files: WorkspaceFiles, baseDir: string): MediaReader {
  return (url) => {
    const found = files.resolve(baseDir, url);
    if (!found.found) return { error: found.refused ?? `Media file "${url}" not found next to the prompt.` };
    try {
      const size = statSync(found.path).size;
      if (size > MAX_MEDIA_BYTES) return { error: `Media file "${url}" is ${Math.round(size / 1024 / 1024)} MB; the limit is ${MAX_MEDIA_BYTES / 1024 / 1024} MB.` };
      return { bytes: new Uint8Array(readFileSync(found.path)) };
    } catch (error) {
      return { error: `Cannot read media file "${url}": ${(error as Error).message}` };
    }
  };
}

/** Names of inputs the template uses that neither the run nor `input.default` gives a value. */
export function missingInputs(analysis: Analysis, inputs: Record<string, unknown>): string[] {
  const names = new Set<string>();
  for (const block of analysis.blocks) for (const name of block.unfilled) names.add(name);
  for (const name of analysis.config.inputNames) names.add(name);
  return [...names].filter((name) => name !== 'history' && !(name in inputs) && !(name in analysis.config.inputDefaults)).sort();
}

export async function preparePrompt(options: PrepareOptions): Promise<PreparedPrompt> {
  const text = options.text ?? readFileSync(options.file, 'utf8');
  const baseDir = dirname(options.file);
  const roots = options.workspaceRoots && options.workspaceRoots.length > 0 ? options.workspaceRoots : [baseDir];
  const files = new WorkspaceFiles(roots);
  const partials = files.partialSource(options.file, options.partialsPath);
  const readToolsFile = (name: string) => files.readText(baseDir, name);
  const analysis = options.analysis ?? await (options.analyzer ?? new Analyzer()).analyze(text, {
    defaultModel: options.defaultModel, catalog: options.catalog, partials, readToolsFile,
    checkMedia: (url) => { const found = files.resolve(baseDir, url); return found.found ? undefined : found.refused; },
  });
  const modelId = (options.modelOverride ?? analysis.modelId).trim();
  if (!modelId) throw new PromptInputError('No model: add `model:` to the frontmatter, or set a default model.');
  const model = resolveModel(modelId, options.catalog);
  const errors = analysis.findings.filter((f) => f.severity === 'error' && /^(yaml-|frontmatter-|file-binary|tools-file|partial-|media-refused)/.test(f.code));
  if (errors.length > 0) throw new PromptInputError(`The prompt has errors: ${errors.map((f) => `line ${f.range.start.line + 1}: ${f.message}`).join('; ')}`);
  const given = options.inputs ?? {};
  const missing = missingInputs(analysis, given);
  if (missing.length > 0) {
    throw new PromptInputError(`Missing input${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}. Give ${missing.length > 1 ? 'them values' : 'it a value'} (or a default under input.default).`, missing);
  }
  const inputs = { ...analysis.config.inputDefaults, ...given };
  const rendered = await compiledPrompts.render(text, partials, { input: inputs, messages: options.history });
  const tools = toolsBlockText(analysis.config, readToolsFile);
  if (tools.error) throw new PromptInputError(tools.error);
  const built = buildConverseRequest(rendered, {
    modelId: model.requestId, config: analysis.config, tools: tools.specs, analysis, readMedia: workspaceMediaReader(files, baseDir),
  });
  return { analysis, model, built, inputs };
}

/** True when the path names a readable regular file. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
