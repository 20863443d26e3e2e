/**
 * *Probe Prompt Caching…*: measures the real minimum, 1-hour TTL and tools point of one model in
 * the region runs go to, after showing what it costs in a modal. Paid requests, so refused in an
 * untrusted workspace. The result goes to the same file the CLI uses, and every open prompt is
 * analyzed again with it.
 */
import * as vscode from 'vscode';
import { MODEL_CATALOG } from '../../core/modelCatalog';
import { resolveModel } from '../../core/modelResolver';
import { formatUsd } from '../../shared/numberFormat';
import { estimateProbe } from '../../core/probePlan';
import { probeLabel } from '../../core/probeResults';
import type { AnalysisService } from '../analysisService';
import type { Log } from '../log';
import { probeStore } from '../probeResults';
import { loadAws } from './awsLoader';
import type { RunService } from './runService';
import { readSettings, resolveRegion } from '../settings';
import { requireTrust } from './trust';

export interface ProbeCommandDeps {
  analyses: AnalysisService;
  runs: RunService;
  log: Log;
}

/** The active prompt's model first, then every catalog model that caches (by the ID to call). */
async function pickModel(current: string | undefined): Promise<string | undefined> {
  const ids = MODEL_CATALOG.filter((row) => row.minTokens > 0).map((row) => (row.requiresProfile ? `us.${row.id}` : row.id));
  const items = [...new Set([...(current ? [current] : []), ...ids])].map((id) => {
    const row = resolveModel(id).row;
    return { label: id, description: row ? `${row.name} · catalog minimum ${row.minTokens.toLocaleString('en-US')}` : undefined };
  });
  const picked = await vscode.window.showQuickPick(items, { title: 'Probe Prompt Caching: which model?', placeHolder: 'Model or inference profile ID' });
  return picked?.label;
}

export async function probeCaching(deps: ProbeCommandDeps, modelArg?: unknown): Promise<unknown> {
  if (!await requireTrust('Probing prompt caching')) return undefined;
  const document = vscode.window.activeTextEditor?.document;
  const analysis = document?.languageId === 'dotprompt' ? (await deps.analyses.get(document))?.analysis : undefined;
  const modelId = typeof modelArg === 'string' ? modelArg : await pickModel(analysis?.modelId || undefined);
  if (!modelId) return undefined;
  const model = resolveModel(modelId);
  if (model.status !== 'caching' || !model.row) {
    void vscode.window.showWarningMessage(`Prompt Cache: ${modelId} ${model.status === 'unknown' ? 'is not in the model catalog' : 'does not support prompt caching'}: there is nothing to probe.`);
    return undefined;
  }
  const settings = readSettings(document?.uri);
  const region = resolveRegion(analysis?.config.region, settings.region);
  const estimate = estimateProbe(model.row.minTokens, model.prices);
  const send = 'Send Requests';
  const choice = await vscode.window.showWarningMessage(
    `Probe prompt caching of ${model.requestId} in ${region}?`,
    {
      modal: true,
      detail: `Sends up to about ${estimate.requests} small requests to Bedrock, about ${formatUsd(estimate.costUSD)} in total ` +
        `(an estimate from catalog prices of ${model.row.priceDate ?? 'unknown date'}; Bedrock bills the real usage). ` +
        'It finds the smallest prefix your account caches, and whether a 1-hour TTL and a cache point in the tools are accepted.',
    },
    send,
  );
  if (choice !== send) return undefined;

  const aws = await loadAws();
  const handle = (await deps.runs.clientFactory()).get({ region, profile: settings.profile || undefined, endpoint: settings.endpoint || undefined, apiKey: await deps.runs.apiKey() });
  const controller = new AbortController();
  try {
    const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Probing ${model.requestId}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      let last = 0;
      return aws.probeCaching({
        client: handle.client, model, region: handle.region, endpoint: settings.endpoint || undefined, profile: handle.profile, signal: controller.signal,
        onProgress: (step, sent, planned) => {
          const done = Math.min(100, (sent / Math.max(planned, 1)) * 100);
          progress.report({ message: `${step} (${sent}/~${planned})`, increment: done - last });
          last = done;
        },
      });
    });
    const { result, notes } = outcome;
    await probeStore().save(result);
    deps.log.info(`Probe ${result.model} in ${result.region}: minimum ${result.minTokens ?? 'none found'}, 1h ${result.ttl1h}, tools ${result.toolsPoint}, ${result.requests} requests, ${formatUsd(result.costUSD)}. ${notes.join(' ')}`);
    deps.analyses.refreshAll();
    const min = result.minTokens === null ? `nothing cached up to ${result.largestUncached.toLocaleString('en-US')} tokens` : `minimum ${result.minTokens.toLocaleString('en-US')} tokens (catalog: ${result.catalogMinTokens.toLocaleString('en-US')})`;
    void vscode.window.showInformationMessage(
      `Prompt Cache: ${result.model} in ${result.region}, ${probeLabel(result)}: ${min}; 1-hour TTL ${result.ttl1h ? 'yes' : 'no'}; cache point in tools ${result.toolsPoint ? 'yes' : 'no'}. ` +
      `${result.requests} requests, about ${formatUsd(result.costUSD)}.${notes.length ? ` ${notes.join(' ')}` : ''}`);
    return result;
  } catch (error) {
    if (error instanceof aws.BedrockRunError) {
      void vscode.window.showErrorMessage(`Prompt Cache: the probe failed: ${error.failure.message}`);
      return undefined;
    }
    throw error;
  }
}
