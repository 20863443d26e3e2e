/**
 * Bringing a prompt written for Genkit (Gemini, OpenAI…) to Bedrock: the finding that offers a
 * model mapping, the project-file text that declares a helper or a mapping, and the one edit of
 * *Convert Genkit Prompt for Bedrock* (the mapped model on the `model:` line, config the model
 * does not take removed, out-of-range values brought into range).
 */
import type { Analysis, Finding } from './analysis';
import { LineIndex } from './lineIndex';
import type { TextEdit } from './planner/cachePointFixes';

/** The model Bedrock runs when nothing else is chosen. */
export const DEFAULT_BEDROCK_MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

/** Model names of other providers, as Genkit and Dotprompt files write them. */
const OTHER_PROVIDER = /^(googleai|vertexai|openai|ollama|gemini|gpt-|o\d|mistral|groq|deepseek|xai|compat-oai)/i;

export function isOtherProviderModel(model: string): boolean {
  return OTHER_PROVIDER.test(model.trim());
}

/** On the `model:` line of a file that names another provider's model and has no mapping: offer one. */
export function modelMappingFinding(analysis: Pick<Analysis, 'config' | 'mappedFrom' | 'keyLines'>, lines: LineIndex, target: string): Finding | undefined {
  const model = analysis.config.model?.trim();
  if (!model || analysis.mappedFrom || !isOtherProviderModel(model)) return undefined;
  const line = analysis.keyLines?.model ?? 0;
  return {
    code: 'model-not-bedrock', severity: 'info', range: lines.lineRange(line), data: { model, target },
    message: `${model} is not a Bedrock model: map it to one (for example ${target}) in prompt-cache.config.json "models" to analyze, run and price with it; the file stays as it is.`,
  };
}

export interface ProjectFileChange {
  helper?: { name: string; kind: 'text' | 'block' };
  model?: { from: string; to: string };
}

/** The project file's new text with one declaration added; `existing` is its current text, if any. */
export function projectFileWith(existing: string | undefined, change: ProjectFileChange): string {
  let json: Record<string, unknown> = {};
  if (existing && existing.trim()) {
    const parsed = JSON.parse(existing) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('prompt-cache.config.json must hold a JSON object.');
    json = parsed as Record<string, unknown>;
  }
  if (change.helper) {
    const helpers = json.helpers;
    if (Array.isArray(helpers)) {
      json.helpers = Object.fromEntries([...helpers.map((h) => [String(h), 'text']), [change.helper.name, change.helper.kind]]);
    } else json.helpers = { ...(helpers as object | undefined), [change.helper.name]: change.helper.kind };
  }
  if (change.model) json.models = { ...(json.models as object | undefined), [change.model.from]: change.model.to };
  return JSON.stringify(json, null, 2) + '\n';
}

/**
 * The one edit that converts the file: `model:` names the Bedrock model, config keys the model
 * does not take are removed, and out-of-range values become the value that is sent.
 */
export function convertForBedrockEdits(text: string, analysis: Analysis, target: string): TextEdit[] {
  const lines = new LineIndex(text);
  const edits: TextEdit[] = [];
  const lineText = (line: number) => text.slice(lines.lineStart(line), lines.lineEnd(line));
  const modelLine = analysis.keyLines?.model;
  if (modelLine !== undefined && analysis.config.model?.trim() !== target) {
    const current = lineText(modelLine);
    const indent = /^\s*/.exec(current)![0];
    edits.push({ range: lines.lineRange(modelLine), newText: `${indent}model: ${target}` });
  }
  const removed = new Set<number>();
  for (const finding of analysis.findings) {
    const line = finding.range.start.line;
    if (finding.code === 'config-unsupported' || (finding.code === 'config-range' && !/sent as/.test(finding.message))) {
      // The key and every more-indented line under it.
      const indent = /^\s*/.exec(lineText(line))![0].length;
      let end = line + 1;
      while (end < lines.lineCount && end < (analysis.frontmatterEndLine > 0 ? analysis.frontmatterEndLine : lines.lineCount)) {
        const next = lineText(end);
        if (next.trim() && /^\s*/.exec(next)![0].length <= indent) break;
        end++;
      }
      if (removed.has(line)) continue;
      for (let l = line; l < end; l++) removed.add(l);
      edits.push({ range: { start: { line, character: 0 }, end: { line: end, character: 0 } }, newText: '' });
    } else if (finding.code === 'config-range' && finding.data?.key === 'maxOutputTokens') {
      const sent = analysis.config.inference.maxTokens;
      if (sent !== undefined) edits.push({ range: lines.lineRange(line), newText: lineText(line).replace(/:\s*\d+/, `: ${sent}`) });
    }
  }
  return edits;
}
