/** Finding the prompt a command is about, its workspace folders, and its key in the history. */
import * as vscode from 'vscode';
import { promptWorkspaceRoots } from '../node/workspaceRoot';

export async function promptDocument(uri?: unknown): Promise<vscode.TextDocument> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  if (typeof uri === 'string') return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'dotprompt') throw new Error('Open a .prompt file first.');
  return document;
}

/** Folders a prompt may read from: the workspace folders, else the one rule of `promptWorkspaceRoots`. */
export function workspaceRoots(document: vscode.TextDocument): string[] {
  return promptWorkspaceRoots(document.uri.fsPath, { folders: (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath) });
}

/**
 * The file's key in the history and the panel: its workspace-relative path, prefixed with its
 * folder's name in a multi-root workspace so that two folders' `x.prompt` never share a history.
 */
export function fileKey(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
}
