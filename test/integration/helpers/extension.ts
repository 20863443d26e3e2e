// Finds the extension under test and the files of the opened fixture workspace.
import * as vscode from 'vscode';
import manifest from '../../../package.json';

export const extensionId = `${manifest.publisher}.${manifest.name}`;

export function extension(): vscode.Extension<unknown> {
  const found = vscode.extensions.getExtension(extensionId);
  if (!found) throw new Error(`extension ${extensionId} is not loaded in this workbench`);
  return found;
}

/** Activates explicitly so that provider calls never race the activation. */
export async function activate(): Promise<void> {
  await extension().activate();
}

/** The repository root: the extension is loaded from it as extensionDevelopmentPath. */
export function repoRoot(): string {
  return extension().extensionPath;
}

export function workspaceFile(relativePath: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return vscode.Uri.joinPath(folder.uri, relativePath);
}

export async function openFixture(relativePath: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relativePath));
  return vscode.window.showTextDocument(document, { preview: false });
}

/**
 * Closes every editor without a save prompt: a dirty editor would otherwise raise a modal dialog
 * that nobody answers in a headless run.
 */
export async function closeAllEditors(): Promise<void> {
  // Only the workspace's files: the workbench edits its own settings file through a (briefly
  // dirty) document of its own, which is not the tests' to revert.
  const inWorkspace = (d: vscode.TextDocument) => vscode.workspace.getWorkspaceFolder(d.uri) !== undefined;
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled && inWorkspace(d))) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
