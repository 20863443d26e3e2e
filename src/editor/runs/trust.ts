/** Sending data somewhere is refused in an untrusted workspace, with a way to change that. */
import * as vscode from 'vscode';

/** True when trusted; otherwise says why and returns at once (the command does not wait for the notification). */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(
    `Prompt Cache: ${action} is disabled in an untrusted workspace, because a prompt here decides what is sent to a paid model. Lenses, hovers and diagnostics still work.`,
    'Manage Workspace Trust').then((choice) => {
    if (choice === 'Manage Workspace Trust') void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
