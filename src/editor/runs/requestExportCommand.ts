/**
 * Export Request: the request this prompt sends, as JSON for Bedrock Converse, the Anthropic
 * Messages API or OpenAI, in a new editor tab. Nothing is sent; files are read only from the
 * workspace, as for a run.
 */
import * as vscode from 'vscode';
import { EXPORT_FORMATS, exportRequest, stablePrefixTokens, type ExportFormat } from '../../core/requestExport';
import { missingInputs, preparePrompt, sourcesFor } from '../../node/promptPreparation';
import { workspaceRoots } from '../promptDocuments';
import type { RunCommandDeps } from './runCommands';
import { readSettings } from '../settings';

const LABELS: Record<ExportFormat, string> = {
  converse: 'Bedrock Converse (JSON)',
  anthropic: 'Anthropic Messages API (cache_control)',
  openai: 'OpenAI chat completions (automatic caching)',
};

export async function exportForDocument(deps: Pick<RunCommandDeps, 'runs' | 'analyses'>, document: vscode.TextDocument, format?: unknown): Promise<string | undefined> {
  let chosen = EXPORT_FORMATS.find((f) => f === format);
  if (!chosen) {
    const picked = await vscode.window.showQuickPick(EXPORT_FORMATS.map((f) => ({ label: LABELS[f], format: f })), { title: 'Export the request as' });
    if (!picked) return undefined;
    chosen = picked.format;
  }
  const file = deps.runs.relativeFile(document.uri);
  const text = document.getText();
  const { analysis, version } = await deps.analyses.get(document);
  const settings = readSettings(document.uri);
  const location = { file: document.uri.fsPath, text, workspaceRoots: workspaceRoots(document), partialsPath: settings.partialsPath, declared: settings.declared, projectTrusted: settings.trusted };
  let inputs = deps.runs.inputs.remembered(file);
  const missing = missingInputs(analysis, inputs);
  if (missing.length > 0) {
    const asked = await deps.runs.inputs.ask(file, missing, analysis.config.stable, sourcesFor(location).resolveInputFile);
    if (!asked) return undefined;
    inputs = asked;
  }
  const prepared = await preparePrompt({
    ...location, analysis: version === document.version ? analysis : undefined, inputs, defaultModel: settings.defaultModel, catalog: settings.catalog,
  });
  const exported = exportRequest(prepared.built.request, chosen, stablePrefixTokens(prepared.analysis));
  const json = JSON.stringify(exported.body, null, 2);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'json', content: json }), { preview: false });
  if (exported.warnings.length > 0) void vscode.window.showWarningMessage(`Prompt Cache: ${exported.warnings.join(' ')}`);
  return json;
}
