/**
 * Commands that edit cache points: insert one suggestion (the lens action), insert every
 * suggestion in one undo step, remove every cache point.
 */
import * as vscode from 'vscode';
import type { TextEdit } from '../core/cachePointRules';
import { insertionEdit, removeAllEdits } from '../core/suggestionEdits';
import type { AnalysisService } from './analysisService';
import { toRange } from './convert';

export interface InsertArgs {
  uri: string;
  line: number;
  insertText: string;
  /** The document version the suggestion was computed for: a stale lens does nothing. */
  version: number;
}

export function toWorkspaceEdit(uri: vscode.Uri, edits: TextEdit[]): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(uri, toRange(e.range), e.newText);
  return edit;
}

async function promptEditor(uri?: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  if (typeof uri === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'dotprompt' ? document : undefined;
}

export function cacheCommands(analyses: AnalysisService): Record<string, (...args: unknown[]) => unknown> {
  return {
    'promptCache.insertCachePoint': async (args: unknown) => {
      const a = args as InsertArgs;
      const document = await promptEditor(a?.uri);
      if (!document) throw new Error('Open a .prompt file first.');
      if (document.version !== a.version) {
        void vscode.window.showInformationMessage('The file changed since this suggestion: use the updated lens.');
        return false;
      }
      return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, [insertionEdit(a)]));
    },
    'promptCache.insertSuggestedCachePoints': async (uri?: unknown) => {
      const document = await promptEditor(uri);
      if (!document) throw new Error('Open a .prompt file first.');
      const { advice } = await analyses.get(document);
      if (advice.suggestions.length === 0) {
        void vscode.window.showInformationMessage('No cache point to suggest for this file with the current strategy.');
        return false;
      }
      // One WorkspaceEdit: one undo step for every insertion.
      return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, advice.suggestions.map(insertionEdit)));
    },
    'promptCache.removeAllCachePoints': async (uri?: unknown) => {
      const document = await promptEditor(uri);
      if (!document) throw new Error('Open a .prompt file first.');
      const { analysis } = await analyses.get(document);
      if (analysis.cachePoints.length === 0) return false;
      return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, removeAllEdits(analysis, document.getText())));
    },
  };
}
