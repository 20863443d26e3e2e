/** Sending data somewhere is refused in an untrusted workspace, with a way to change that. */
import * as vscode from 'vscode';

export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const choice = await vscode.window.showWarningMessage(
    `Prompt Cache: ${action} is disabled in an untrusted workspace, because a prompt here decides what is sent to a paid model. Lenses, hovers and diagnostics still work.`,
    'Manage Workspace Trust');
  if (choice === 'Manage Workspace Trust') await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
