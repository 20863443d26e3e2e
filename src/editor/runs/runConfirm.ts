/**
 * Before the first paid run of a file in a session: what will be sent, where, and roughly what it
 * costs, so a prompt from a repository you did not write cannot spend money or send files unseen.
 */
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analysis';
import type { CacheAdvice } from '../../core/cacheAdvice';
import { formatTokens, formatUsd } from '../../shared/numberFormat';

export interface ConfirmInput {
  document: vscode.TextDocument;
  analysis: Analysis;
  advice: CacheAdvice;
  region: string;
  times: number;
  endpoint?: string;
}

export function includedFiles(analysis: Analysis): string[] {
  const files = new Set<string>();
  for (const block of analysis.blocks) {
    for (const partial of block.partials) files.add(`partial ${partial}`);
    if (block.url) files.add(`media ${block.url}`);
  }
  if (analysis.config.toolsPath) files.add(`tools ${analysis.config.toolsPath}`);
  return [...files];
}

export function confirmationText(input: ConfirmInput): string {
  const { analysis, advice, region, times, endpoint } = input;
  const cost = advice.cost.main?.firstCallUSD ?? advice.cost.withoutCacheUSD;
  const files = includedFiles(analysis);
  return [
    `Model: ${analysis.modelId || '(none)'}`,
    `Region: ${region}${endpoint ? ` (endpoint ${endpoint})` : ''}`,
    `Input: ≈ ${formatTokens(analysis.totalTokens)} tokens (${analysis.tokenizerLabel})`,
    `Estimated cost: ${cost === undefined ? 'unknown (no prices for this model)' : `${formatUsd(cost, { approx: true })} for the first call, input only${advice.cost.priceDate ? `, prices of ${advice.cost.priceDate}` : ''}`}${times > 1 ? ` · ${times} runs` : ''}`,
    `Files included: ${files.length > 0 ? files.join(', ') : 'none'}`,
  ].join('\n');
}

export async function confirmFirstRun(input: ConfirmInput): Promise<boolean> {
  const choice = await vscode.window.showWarningMessage(
    `Send ${vscode.workspace.asRelativePath(input.document.uri, false)} to Bedrock?`,
    { modal: true, detail: `${confirmationText(input)}\n\nAsked once per file per session (setting promptCache.confirmBeforeRun).` },
    'Run');
  return choice === 'Run';
}
