/**
 * Values for inputs a run needs and the file does not give: asked for once and remembered per
 * file for the session. A `cache.stable` input (a document, a policy) can also come from a file
 * inside the workspace.
 */
import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';

export class RunInputs {
  private readonly byFile = new Map<string, Record<string, unknown>>();

  remembered(file: string): Record<string, unknown> {
    return { ...this.byFile.get(file) };
  }

  forget(file: string): void {
    this.byFile.delete(file);
  }

  /** Asks for each missing input; undefined when the user cancels. */
  async ask(file: string, missing: string[], stable: string[], isInsideWorkspace: (path: string) => boolean): Promise<Record<string, unknown> | undefined> {
    const values = this.remembered(file);
    for (const name of missing) {
      let value: string | undefined;
      if (stable.includes(name)) {
        const how = await vscode.window.showQuickPick([
          { label: 'Type a value', id: 'type' },
          { label: 'Read from a file in the workspace…', id: 'file' },
        ], { title: `Input {{${name}}} (stable across runs)`, ignoreFocusOut: true });
        if (!how) return undefined;
        if (how.id === 'file') {
          const picked = await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: `Use as {{${name}}}`, defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri });
          if (!picked?.[0]) return undefined;
          if (!isInsideWorkspace(picked[0].fsPath)) {
            void vscode.window.showErrorMessage(`Prompt Cache: ${picked[0].fsPath} is outside the workspace; inputs are read only from workspace files.`);
            return undefined;
          }
          value = await readFile(picked[0].fsPath, 'utf8');
        }
      }
      if (value === undefined) {
        value = await vscode.window.showInputBox({ title: `Input {{${name}}}`, prompt: `Value for {{${name}}} (remembered for this file until the window closes)`, ignoreFocusOut: true });
        if (value === undefined) return undefined;
      }
      values[name] = value;
    }
    this.byFile.set(file, values);
    return values;
  }
}
