/**
 * *New Cached Prompt…* (palette and File › New File…): two pickers, model then strategy, with a
 * back button on the second and the step shown in the title, then a new untitled `.prompt`
 * document laid out to cache well.
 */
import * as vscode from 'vscode';
import { callableId } from '../core/modelEdits';
import { newPromptText } from '../core/newPrompt';
import type { Strategy } from '../core/promptConfig';
import { formatTokens } from '../shared/numberFormat';
import { readSettings } from './settings';
import { BACK, pickStep, type StepItem as Item } from './quickPickSteps';

export async function newCachedPrompt(): Promise<vscode.TextEditor | undefined> {
  const settings = readSettings();
  const models: Item<string>[] = settings.catalog.filter((row) => row.prices).map((row) => ({
    label: row.name, description: callableId(row), value: callableId(row),
    detail: `cache minimum ${formatTokens(row.minTokens)} tokens · up to ${row.maxPoints} cache points · TTLs ${row.ttls.join(', ')}`,
  }));
  const strategies: Item<Strategy>[] = [
    { label: 'Conservative', value: 'conservative', detail: 'At most one cache point, at the end of the longest stable prefix.' },
    { label: 'Aggressive', value: 'aggressive', detail: 'Up to the model maximum, placed to maximise the expected saving.' },
  ];
  let model: string | undefined;
  for (;;) {
    if (!model) {
      const chosen = await pickStep('New Cached Prompt: model', 1, 2, models, false);
      if (chosen === undefined || chosen === BACK) return undefined;
      model = chosen;
    }
    const strategy = await pickStep('New Cached Prompt: cache strategy', 2, 2, strategies, true);
    if (strategy === BACK) { model = undefined; continue; }
    if (strategy === undefined) return undefined;
    const document = await vscode.workspace.openTextDocument({ language: 'dotprompt', content: newPromptText(model, strategy) });
    return vscode.window.showTextDocument(document);
  }
}
