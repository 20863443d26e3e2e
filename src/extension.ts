/** Entry point: activation only builds the root object; heavy parts load on first use. */
import type * as vscode from 'vscode';
import { PromptCacheExtension, type PromptCacheApi } from './editor/promptCacheExtension';
import { useRankFileIn } from './node/rankFile';

let root: PromptCacheExtension | undefined;

export function activate(context: vscode.ExtensionContext): PromptCacheApi {
  // The bundle's folder holds the tokenizer's packed ranks (scripts/build.mjs).
  useRankFileIn(__dirname);
  root = new PromptCacheExtension(context);
  context.subscriptions.push(root);
  return root.api();
}

export function deactivate(): void {
  root = undefined;
}
