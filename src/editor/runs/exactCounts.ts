/**
 * Exact counts from Bedrock CountTokens, per block prefix, replacing the estimates in the lenses
 * for the document version they were made for. A failure falls back to estimates and is said
 * once per file and reason, never on every keystroke.
 */
import * as vscode from 'vscode';
import type { CountCache, ExactCount } from '../../aws/index';
import { missingInputs, preparePrompt } from '../../node/promptPreparation';
import { readSettings, resolveRegion } from '../settings';
import type { AnalysisService } from '../analysisService';
import type { Log } from '../log';
import { loadAws } from './awsLoader';
import type { RunService } from './runService';
import { workspaceRoots } from '../promptDocuments';
import { requireTrust } from './trust';

export interface ExactView {
  version: number;
  totalTokens: number;
  /** Exact prefix at the end of the block starting on this 0-based line. */
  prefixByLine: Map<number, number>;
  /** Exact prefix before each cache point, by index in Analysis.cachePoints. */
  prefixByPoint: Map<number, number>;
}

export class ExactCounts implements vscode.Disposable {
  private readonly views = new Map<string, ExactView>();
  private readonly warned = new Set<string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private cache?: CountCache;

  private readonly closing: vscode.Disposable;

  constructor(private readonly analyses: AnalysisService, private readonly runs: RunService, private readonly log: Log) {
    this.closing = vscode.workspace.onDidCloseTextDocument((d) => this.views.delete(d.uri.toString()));
  }

  for(document: vscode.TextDocument): ExactView | undefined {
    const view = this.views.get(document.uri.toString());
    return view && view.version === document.version ? view : undefined;
  }

  async count(document: vscode.TextDocument): Promise<ExactCount | undefined> {
    if (!await requireTrust('Exact token counting')) return undefined;
    const aws = await loadAws();
    this.cache ??= new aws.CountCache();
    const settings = readSettings(document.uri);
    const file = this.runs.relativeFile(document.uri);
    const { analysis, version } = await this.analyses.get(document);
    const text = document.getText();
    // Counts are mapped onto this analysis' lines: a text typed since then is counted next time.
    if (document.version !== version) return undefined;
    // Counting needs a value for every input; unknown ones count as empty, like the estimates.
    const inputs: Record<string, unknown> = this.runs.inputs.remembered(file);
    for (const name of missingInputs(analysis, inputs)) inputs[name] = '';
    let result: ExactCount;
    try {
      const prepared = await preparePrompt({
        file: document.uri.fsPath, text, analysis, inputs, defaultModel: settings.defaultModel, catalog: settings.catalog,
        workspaceRoots: workspaceRoots(document), partialsPath: settings.partialsPath, declared: settings.declared, projectTrusted: settings.trusted,
      });
      const handle = (await this.runs.clientFactory()).get({
        region: resolveRegion(analysis.config.region, settings.region), profile: analysis.config.profile || settings.profile || undefined,
        endpoint: settings.endpoint || undefined, apiKey: await this.runs.apiKey(),
      });
      result = await aws.countTokensExact(handle.client, prepared.built.request, prepared.model, { cache: this.cache, sites: prepared.built.sites, region: handle.region });
    } catch (error) {
      result = { ok: false, reason: 'error', message: aws.redactText((error as Error).message ?? String(error)) };
    }
    if (!result.ok) {
      this.log.warn(`Exact count of ${file} fell back to estimates: ${result.message}`);
      const key = `${file}|${result.reason}`;
      if (!this.warned.has(key)) {
        this.warned.add(key);
        void vscode.window.showWarningMessage(`Prompt Cache: counts stay estimates for ${file}: ${result.message}`);
      }
      return result;
    }
    const view: ExactView = { version, totalTokens: result.totalTokens, prefixByLine: new Map(), prefixByPoint: new Map() };
    for (const prefix of result.prefixes) {
      if (prefix.cachePointIndex !== undefined && prefix.kind === 'cachePoint') view.prefixByPoint.set(prefix.cachePointIndex, prefix.prefixTokens);
      else if (prefix.line !== undefined) {
        const block = analysis.blocks.find((b) => b.range.start.line <= prefix.line! && prefix.line! <= b.range.end.line);
        if (block) view.prefixByLine.set(block.range.start.line, prefix.prefixTokens);
      } else if (prefix.kind === 'tools') {
        const tools = analysis.blocks.find((b) => b.field === 'tools');
        if (tools) view.prefixByLine.set(tools.range.start.line, prefix.prefixTokens);
      }
    }
    // A slower count of an older version never replaces a newer one.
    const current = this.views.get(document.uri.toString());
    if (current && current.version > view.version) return result;
    this.views.set(document.uri.toString(), view);
    this.changed.fire(document.uri);
    return result;
  }

  dispose(): void {
    this.closing.dispose();
    this.changed.dispose();
  }
}
