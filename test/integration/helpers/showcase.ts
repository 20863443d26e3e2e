// Leaves the example prompt open after the suite, with its lenses computed, so the runner's
// screenshot shows what a user sees. Bounded: a missing file or extension only skips the picture.
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { activate, closeAllEditors, workspaceFile } from './extension';
import { tokenLenses } from './lenses';
import { poll } from './wait';

export const SHOWCASE_FILE = 'contractReview.prompt';

export async function showShowcase(): Promise<void> {
  const uri = workspaceFile(SHOWCASE_FILE);
  if (!existsSync(uri.fsPath)) return;
  await closeAllEditors();
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, { preview: false });
  await activate();
  await poll('showcase lenses', async () => ((await tokenLenses(uri)).length > 0 ? true : undefined), 40);
}
