/** Entry point: activation only builds the root object; heavy parts load on first use. */
import type * as vscode from 'vscode';
import { PromptCacheExtension, type PromptCacheApi } from './editor/promptCacheExtension';

let root: PromptCacheExtension | undefined;

export function activate(context: vscode.ExtensionContext): PromptCacheApi {
  root = new PromptCacheExtension(context);
  context.subscriptions.push(root);
  return root.api();
}

export function deactivate(): void {
  root = undefined;
}
