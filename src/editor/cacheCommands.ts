/**
 * Commands that edit cache points: insert one suggestion (the lens action), insert every
 * suggestion in one undo step, remove every cache point.
 */
import * as vscode from 'vscode';
import type { TextEdit } from '../core/cachePointRules';
import { insertionEdit, removeAllEdits } from '../core/suggestionEdits';
import type { AnalysisService } from './analysisService';
import { toRange } from './convert';
import { promptDocument } from './promptDocuments';

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

export function cacheCommands(analyses: AnalysisService): Record<string, (...args: unknown[]) => unknown> {
  return {
    'promptCache.insertCachePoint': async (args: unknown) => {
      const a = args as InsertArgs;
      const document = await promptDocument(a?.uri);
      if (document.version !== a.version) {
        void vscode.window.showInformationMessage('The file changed since this suggestion: use the updated lens.');
        return false;
      }
      return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, [insertionEdit(a)]));
    },
    'promptCache.insertSuggestedCachePoints': async (uri?: unknown) => {
      const document = await promptDocument(uri);
      const { advice, version } = await analyses.get(document);
      // Edits computed for an older text would land on the wrong lines.
      if (version !== document.version) return false;
      if (advice.suggestions.length === 0) {
        void vscode.window.showInformationMessage('No cache point to suggest for this file with the current strategy.');
        return false;
      }
      // One WorkspaceEdit: one undo step for every insertion.
      return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, advice.suggestions.map(insertionEdit)));
    },
    'promptCache.removeAllCachePoints': async (uri?: unknown) => {
      const document = await promptDocument(uri);
      const text = document.getText();
      const { analysis, version } = await analyses.get(document);
      if (version !== document.version) return false;
      if (analysis.cachePoints.length === 0) {
        void vscode.window.showInformationMessage('Prompt Cache: this file has no cache point to remove.');
        return false;
      }
      return vscode.workspace.applyEdit(toWorkspaceEdit(document.uri, removeAllEdits(analysis, text)));
    },
  };
}
