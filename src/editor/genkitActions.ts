/**
 * Editor side of bringing Genkit prompts to Bedrock: quick fixes that declare an unknown helper
 * or map the file's model in the project file (prompt-cache.config.json), and the *Convert Genkit
 * Prompt for Bedrock* command that rewrites the file in one edit. The decisions are in
 * src/core/genkitConversion.ts; this converts them to editor edits.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { convertForBedrockEdits, DEFAULT_BEDROCK_MODEL, isOtherProviderModel, projectFileWith, type ProjectFileChange } from '../core/genkitConversion';
import { analyzePrompt } from '../node/promptPreparation';
import { findProjectFile, PROJECT_FILE_NAMES, readProjectFileText } from '../node/projectConfig';
import type { AnalysisService } from './analysisService';
import { toWorkspaceEdit } from './cacheCommands';
import { workspaceRoots } from './promptDocuments';
import { readSettings } from './settings';

const CODES = new Set(['helper-unknown', 'model-not-bedrock']);

/** The project file that applies to the document, or where a new one goes (the workspace root). */
function projectFileFor(document: vscode.TextDocument): string | undefined {
  const roots = workspaceRoots(document);
  return findProjectFile(document.uri.fsPath, roots) ?? (roots[0] ? join(roots[0], PROJECT_FILE_NAMES[0]) : undefined);
}

function declarationEdit(path: string, change: ProjectFileChange): vscode.WorkspaceEdit {
  const uri = vscode.Uri.file(path);
  const edit = new vscode.WorkspaceEdit();
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === path);
  const existing = open ? open.getText() : readProjectFileText(path);
  const text = projectFileWith(existing, change);
  if (existing === undefined) edit.createFile(uri, { contents: Buffer.from(text, 'utf8') });
  else edit.replace(uri, new vscode.Range(0, 0, Number.MAX_SAFE_INTEGER, 0), text);
  return edit;
}

export class GenkitQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analyses: AnalysisService) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === 'prompt-cache' && CODES.has(String(d.code)));
    if (ours.length === 0 || document.uri.scheme !== 'file') return [];
    const path = projectFileFor(document);
    if (!path) return [];
    const { analysis } = await this.analyses.get(document);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = analysis.findings.find((f) => f.code === diagnostic.code && f.range.start.line === diagnostic.range.start.line);
      if (!finding?.data) continue;
      const changes: [string, ProjectFileChange][] = finding.code === 'helper-unknown'
        ? [[`Declare helper "${finding.data.helper}" (renders text) in ${PROJECT_FILE_NAMES[0]}`, { helper: { name: finding.data.helper, kind: 'text' } }],
          [`Declare block helper "${finding.data.helper}" in ${PROJECT_FILE_NAMES[0]}`, { helper: { name: finding.data.helper, kind: 'block' } }]]
        : [[`Map ${finding.data.model} to ${finding.data.target} in ${PROJECT_FILE_NAMES[0]}`, { model: { from: finding.data.model, to: finding.data.target } }]];
      for (const [title, change] of changes) {
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        try {
          action.edit = declarationEdit(path, change);
        } catch (error) {
          action.disabled = { reason: (error as Error).message };
        }
        action.diagnostics = [diagnostic];
        actions.push(action);
      }
    }
    if (actions[0]) actions[0].isPreferred = true;
    return actions;
  }
}

/** *Convert Genkit Prompt for Bedrock*: the mapped (or default) Bedrock model and config fixes, as one edit. */
export async function convertGenkitPrompt(analyses: AnalysisService): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'dotprompt') {
    void vscode.window.showInformationMessage('Open a .prompt file to convert it.');
    return;
  }
  const document = editor.document;
  const settings = readSettings(document.uri);
  const { analysis } = await analyses.get(document);
  const fallback = settings.defaultModel && !isOtherProviderModel(settings.defaultModel) ? settings.defaultModel : DEFAULT_BEDROCK_MODEL;
  const target = analysis.mappedFrom ? analysis.modelId : analysis.model?.row ? analysis.modelId : fallback;
  const text = document.getText();
  // Config findings depend on the model: analyze as the target before deciding what to remove.
  const asTarget = await analyzePrompt({
    file: document.uri.fsPath, text, workspaceRoots: workspaceRoots(document), partialsPath: settings.partialsPath,
    declared: settings.declared, projectTrusted: settings.trusted, modelOverride: target, catalog: settings.catalog,
  });
  const edits = convertForBedrockEdits(text, asTarget.analysis, target);
  if (edits.length === 0) {
    void vscode.window.showInformationMessage(`Nothing to convert: the prompt already runs on ${target}.`);
    return;
  }
  await vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, edits));
}
