/**
 * The editor side of "compare models, strategies and TTLs": *Compare Models, Strategies and
 * TTLs…* asks for the traffic, projects every candidate and shows the matrix in the usage panel;
 * *Compare Live…* (or the panel's "Run selected live") runs chosen cells cold then warm as one
 * experiment; the panel's Apply writes a cell's model, strategy and TTL into the frontmatter as
 * one workspace edit (one undo step).
 */
import * as vscode from 'vscode';
import type { MeasuredCell } from '../../aws/index';
import { comparisonViewOf } from '../../core/comparisonViewModel';
import { COMPARE_STRATEGIES } from '../../core/compareProjection';
import { frontmatterSettingsEdit } from '../../core/frontmatterSettingsEdit';
import { effectiveCacheSettings, type Strategy } from '../../core/promptConfig';
import { removeAllEdits } from '../../core/suggestionEdits';
import { fixedInterval, historyPattern, parseDuration, type TrafficPattern } from '../../core/trafficPattern';
import { analyzeCandidates, type CompareAnalyses } from '../../node/compareAnalyses';
import type { ComparisonRow, ComparisonView } from '../../shared/comparisonView';
import type { UsageRecord } from '../../shared/usageRecord';
import type { ComparisonCell } from '../../shared/protocol';
import type { Log } from '../log';
import { promptDocument, workspaceRoots } from '../promptDocuments';
import { loadAws } from '../runs/awsLoader';
import type { RunService } from '../runs/runService';
import { requireTrust } from '../runs/trust';
import { readSettings } from '../settings';
import { resolveRegion } from '../settingsModel';
import type { UsagePanel } from '../usagePanel/usagePanel';

export interface CompareDeps {
  runs: RunService;
  showPanel(file: string): Promise<UsagePanel>;
  log: Log;
}

interface Comparison {
  view: ComparisonView;
  analyses: CompareAnalyses;
}

export class CompareCommands {
  /** The last comparison of each file, for Apply and Compare Live. */
  private readonly last = new Map<string, Comparison>();
  private readonly running = new Set<string>();

  constructor(private readonly deps: CompareDeps) {}

  commands(): Record<string, (...args: unknown[]) => unknown> {
    return {
      'promptCache.compareModels': async (uri?: unknown) => this.compare(await promptDocument(uri)),
      'promptCache.compareLive': async (uri?: unknown) => this.compareLiveCommand(await promptDocument(uri)),
    };
  }

  async compare(document: vscode.TextDocument): Promise<void> {
    const file = this.deps.runs.relativeFile(document.uri);
    const traffic = await this.askTraffic(file);
    if (!traffic) return;
    const comparison = await this.project(document, traffic);
    this.last.set(file, comparison);
    const panel = await this.deps.showPanel(file);
    await panel.showComparison(comparison.view);
  }

  private async askTraffic(file: string): Promise<TrafficPattern | undefined> {
    const interval = await vscode.window.showInputBox({
      title: 'Compare: traffic', prompt: 'Time between calls (90s, 10m, 2h), or "history" for the pattern of this file\'s runs.', value: '1m',
      validateInput: (v) => v.trim() === 'history' || parseDuration(v) !== undefined ? undefined : 'A duration like 90s, 10m or 2h, or "history"',
    });
    if (!interval) return undefined;
    if (interval.trim() === 'history') {
      const pattern = historyPattern((await this.deps.runs.recordsFor(file)).map((r) => r.startedAt));
      if (!pattern) throw new Error('The history has fewer than two runs of this file: give an interval instead.');
      return pattern;
    }
    const calls = await vscode.window.showInputBox({
      title: 'Compare: traffic', prompt: 'How many calls?', value: '10',
      validateInput: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100000 ? undefined : 'A whole number from 1 to 100,000',
    });
    return calls ? fixedInterval(Number(calls), parseDuration(interval)!) : undefined;
  }

  private async project(document: vscode.TextDocument, traffic: TrafficPattern): Promise<Comparison> {
    const settings = readSettings(document.uri);
    const file = this.deps.runs.relativeFile(document.uri);
    const analyses = await analyzeCandidates({
      file: document.uri.fsPath, text: document.getText(), workspaceRoots: workspaceRoots(document), partialsPath: settings.partialsPath,
      catalog: settings.catalog, defaultModel: settings.defaultModel,
    });
    if (analyses.candidates.length === 0) throw new Error(`No model in the catalog can run ${file}: ${analyses.skipped.map((s) => s.reason).join(' ')}`);
    const cache = effectiveCacheSettings(settings.cache, analyses.base.analysis.config);
    const view = comparisonViewOf(file, analyses.candidates.map((c) => c.analyzed.analysis), traffic, { strategies: COMPARE_STRATEGIES, ttls: ['5m', '1h'], settings: cache });
    return { view, analyses };
  }

  /** Apply: the cell's model, strategy and TTL in the frontmatter; `none` also removes the file's cache points. */
  async apply(file: string, cell: ComparisonCell): Promise<void> {
    const comparison = this.last.get(file);
    const uri = this.deps.runs.uriOf(file);
    const candidate = comparison?.analyses.candidates.find((c) => c.row.id === cell.model);
    if (!uri || !candidate) throw new Error(`Nothing to apply: compare ${file} again.`);
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const edit = frontmatterSettingsEdit(text, {
      model: candidate.requestModel, strategy: cell.strategy === 'none' ? undefined : cell.strategy as Strategy, ttl: cell.ttl ?? undefined,
    });
    if (!edit) throw new Error(`${file}: the frontmatter is not closed with ---; fix it before applying.`);
    const workspaceEdit = new vscode.WorkspaceEdit();
    const range = (r: typeof edit.range) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
    workspaceEdit.replace(uri, range(edit.range), edit.newText);
    if (cell.strategy === 'none') {
      const current = candidate.analyzed.text === text ? candidate.analyzed.analysis : (await analyzeCandidates({ file: uri.fsPath, text, workspaceRoots: workspaceRoots(document) }, [cell.model])).candidates[0]?.analyzed.analysis;
      for (const removal of current ? removeAllEdits(current, text) : []) workspaceEdit.replace(uri, range(removal.range), removal.newText);
    }
    // One WorkspaceEdit: one undo step, however many keys and markers it touches.
    if (!await vscode.workspace.applyEdit(workspaceEdit)) throw new Error(`${file} could not be edited.`);
  }

  private async compareLiveCommand(document: vscode.TextDocument): Promise<void> {
    const file = this.deps.runs.relativeFile(document.uri);
    let comparison = this.last.get(file);
    if (!comparison) {
      await this.compare(document);
      comparison = this.last.get(file);
      if (!comparison) return;
    }
    const picks = await vscode.window.showQuickPick(comparison.view.rows.filter((r) => r.strategy !== 'as written').map((row) => ({
      label: `${row.modelName} · ${row.strategy}${row.ttl ? ` · ${row.ttl}` : ''}`, description: row.costUSD === null ? '' : `projected $${row.costUSD.toPrecision(3)}`, row,
    })), { title: 'Compare Live: cells to run', canPickMany: true });
    if (!picks?.length) return;
    const routers = await vscode.window.showInputBox({ title: 'Compare Live: prompt routers', prompt: 'Prompt router ARNs to measure too (comma-separated; empty for none).', value: '' });
    if (routers === undefined) return;
    await this.runLive(file, picks.map((p) => ({ model: p.row.model, strategy: p.row.strategy as ComparisonCell['strategy'], ttl: p.row.ttl })),
      routers.split(',').map((s) => s.trim()).filter(Boolean));
  }

  /** Runs the cells (and routers) cold then warm; the panel's table fills in as each finishes. */
  async runLive(file: string, cells: ComparisonCell[], routers: string[] = []): Promise<void> {
    if (!await requireTrust('Running prompts')) return;
    const comparison = this.last.get(file);
    const uri = this.deps.runs.uriOf(file);
    if (!comparison || !uri) throw new Error(`Compare ${file} first.`);
    if (this.running.has(file)) throw new Error(`A live comparison of ${file} is already running.`);
    const timesText = await vscode.window.showInputBox({
      title: 'Compare Live', prompt: 'Runs per cell (the first writes the cache, the next ones read it). Every run is a paid Bedrock call.', value: '2',
      validateInput: (v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 20 ? undefined : 'A whole number from 1 to 20',
    });
    if (!timesText) return;
    this.running.add(file);
    try {
      await this.measure(file, uri, comparison, cells, routers, Number(timesText));
    } finally {
      this.running.delete(file);
    }
  }

  private async measure(file: string, uri: vscode.Uri, comparison: Comparison, cells: ComparisonCell[], routers: string[], times: number): Promise<void> {
    const aws = await loadAws();
    const document = await vscode.workspace.openTextDocument(uri);
    const settings = readSettings(uri);
    const config = comparison.analyses.base.analysis.config;
    const history = await this.deps.runs.historyFile();
    const panel = await this.deps.showPanel(file);
    const view = comparison.view;
    const experimentId = aws.newExperimentId();
    const options = {
      file: uri.fsPath, text: document.getText(), workspaceRoots: workspaceRoots(document), relativeFile: file,
      clients: await this.deps.runs.clientFactory(),
      client: { region: resolveRegion(config.region, settings.region), profile: config.profile || settings.profile || undefined, endpoint: settings.endpoint || undefined, apiKey: await this.deps.runs.apiKey() },
      times, settings: effectiveCacheSettings(settings.cache, config), experimentId,
      historyStore: { append: async (record: UsageRecord) => { try { await history.append(record); } finally { this.deps.runs.notifyRecorded(record); } } },
    };
    const jobs: Array<{ label: string; row?: ComparisonRow; router?: string; cell?: ComparisonCell }> = [
      ...cells.map((cell) => ({ label: `${cell.model} ${cell.strategy}${cell.ttl ? ` ${cell.ttl}` : ''}`, cell, row: view.rows.find((r) => r.model === cell.model && r.strategy === cell.strategy && r.ttl === cell.ttl) })),
      ...routers.map((router) => ({ label: router, router })),
    ];
    for (const [i, job] of jobs.entries()) {
      await panel.showComparison(view, `Running ${i + 1} of ${jobs.length}: ${job.label} ×${times}`);
      let measured: MeasuredCell;
      if (job.router) {
        measured = await aws.measureCell({ model: job.router, requestModel: job.router, strategy: 'as written', ttl: null }, options);
        view.rows.push({
          model: job.router, modelName: 'Prompt router', strategy: 'as written', ttl: null, cachePointLines: comparison.analyses.base.analysis.cachePoints.map((p) => p.range.start.line + 1),
          hitRatio: null, costUSD: null, costPerCallUSD: null, savingVsNoneUSD: null, notes: ['Measured only: the router picks the model per call; each run is priced at the model it invoked.'],
        });
        job.row = view.rows[view.rows.length - 1];
      } else {
        const candidate = comparison.analyses.candidates.find((c) => c.row.id === job.cell!.model);
        if (!candidate) continue;
        measured = await aws.measureCell({ model: candidate.row.id, requestModel: candidate.requestModel, strategy: job.cell!.strategy, ttl: job.cell!.ttl, analyzed: candidate.analyzed }, options);
      }
      if (job.row) {
        job.row.measured = { runs: measured.runs, costUSD: measured.costUSD, hitRatio: measured.hitRatio, ttftMsMedian: measured.ttftMsMedian, invokedModels: measured.invokedModels };
        if (measured.error) job.row.notes = [...job.row.notes, `Live run failed: ${measured.error}`];
      }
      this.deps.log.info(`Compare live ${file} ${job.label}: ${measured.runs} runs, $${measured.costUSD.toFixed(6)}${measured.error ? `, failed: ${measured.error}` : ''}`);
    }
    await panel.showComparison(view);
    void vscode.window.showInformationMessage(`Prompt Cache: live comparison done (${jobs.length} cell${jobs.length === 1 ? '' : 's'} ×${times}); the runs are in the history as experiment ${experimentId}.`);
  }
}
