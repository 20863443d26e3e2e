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
  /**
   * @param insideWorkspace the real path of a picked file (symlinks resolved) when it lies inside
   *   the workspace, else undefined: a link in the workspace must not lead out of it.
   */
  async ask(file: string, missing: string[], stable: string[], insideWorkspace: (path: string) => string | undefined): Promise<Record<string, unknown> | undefined> {
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
          const real = insideWorkspace(picked[0].fsPath);
          if (!real) {
            void vscode.window.showErrorMessage(`Prompt Cache: ${picked[0].fsPath} is outside the workspace; inputs are read only from workspace files.`);
            return undefined;
          }
          value = await readFile(real, 'utf8');
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
