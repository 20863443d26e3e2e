/**
 * The editor's run logic without the editor: one run slot per file, the inputs it still needs, the
 * first-run confirmation, the session's memory of models that refused cache points, the Bedrock
 * client factory, and the call into the AWS layer. It asks and shows only through `RunUi`, so it is
 * tested in plain Node against the emulator; `RunService` is the VS Code shell around it.
 */
import type * as Aws from '../../aws/index';
import type { Analysis } from '../../core/analysis';
import type { CacheAdvice } from '../../core/cacheAdvice';
import type { CacheUnsupportedPolicy } from '../../core/promptConfig';
import { dirname } from 'node:path';
import { isPromptInputError, missingInputs } from '../../node/promptPreparation';
import { withUrlCredentials } from '../../node/responseStore';
import type { PromptSources } from '../../node/promptSources';
import { formatUsd } from '../../shared/numberFormat';
import type { UsageRecord } from '../../shared/usageRecord';
import { resolveRegion, type Settings } from '../settingsModel';
import type { RunProgress } from '../usagePanel/usageSource';

type AwsModule = typeof Aws;

/** Everything one run asks the user or shows; the VS Code shell implements it with dialogs. */
export interface RunUi {
  /** Values for the missing inputs (remembered ones included), or undefined when cancelled. */
  askInputs(file: string, missing: string[], stable: string[], resolveFile: (path: string) => string | undefined): Promise<Record<string, unknown> | undefined>;
  /** Inputs given earlier for this file in the session. */
  rememberedInputs(file: string): Record<string, unknown>;
  forgetInputs(file: string): void;
  confirmFirstRun(info: { file: string; analysis: Analysis; advice: CacheAdvice; region: string; times: number; endpoint?: string }): Promise<boolean>;
  /** The model refused cache points earlier in the session: send without them, as written, or not at all. */
  askAfterRefusal(model: string, region: string): Promise<'without' | 'asWritten' | undefined>;
  /** Bedrock refused the cache points now: retry without them? */
  askRetryWithoutCache(message: string): Promise<boolean>;
  alreadyRunning(file: string): void;
  /** Runs the task with a cancellable progress indicator; `report` updates its message. */
  withProgress<T>(title: string, cancel: AbortController, task: (report: (message: string) => void) => Promise<T>): Promise<T>;
  showPanel(file: string): Promise<unknown>;
  showFailure(failure: Aws.BedrockFailure, profile?: string): void;
  showError(message: string): void;
  /** A non-fatal problem (the response cache failed and the run went to Bedrock). */
  showWarning?(message: string): void;
  credentialsFailed(failed: boolean): void;
}

export interface RunLog {
  info(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface RunRequest {
  /** History key of the file (workspace-relative). */
  file: string;
  /** Absolute path on disk. */
  path: string;
  text: string;
  /** The analysis made of exactly `text`, if the caller has one. */
  analysis: Analysis;
  advice: CacheAdvice;
  analysisIsCurrent: boolean;
  sources: PromptSources;
  workspaceRoots: string[];
  settings: Settings;
  times: number;
  /** Do not replay from the response cache (Run Prompt Fresh); the fresh answer is still stored. */
  fresh?: boolean;
}

export interface RunOrchestratorDeps {
  aws: () => Promise<AwsModule>;
  log: RunLog;
  history: () => Promise<{ append(record: UsageRecord): Promise<void>; recordsFor(file: string): Promise<readonly UsageRecord[]> }>;
  apiKey: () => Promise<string | undefined>;
  /** Where each run's request is kept for *Compare Requests*. */
  snapshots?: { save(runId: string, json: string): Promise<void> };
  onRecord: (record: UsageRecord) => void;
  onProgress: (progress: RunProgress) => void;
  /** User name and password of the response cache's Redis URL, kept in secret storage. */
  responseCacheCredentials?: () => Promise<{ username?: string; password?: string } | undefined>;
}

export class RunOrchestrator {
  private readonly running = new Map<string, AbortController>();
  /** model|region pairs that refused cache points in this session: the next run asks first. */
  private readonly refusedCaching = new Set<string>();
  private readonly confirmed = new Set<string>();
  private clients?: Aws.BedrockClientFactory;
  private resetPending = false;

  constructor(private readonly deps: RunOrchestratorDeps) {}

  isRunning(file: string): boolean {
    return this.running.has(file);
  }

  anyRunning(): boolean {
    return this.running.size > 0;
  }

  cancel(file: string): void {
    this.running.get(file)?.abort();
  }

  /**
   * Settings that decide the connection changed: drop every client. A run in progress keeps its
   * client (destroying it would cut the stream); the reset happens when the last run ends.
   */
  resetClients(): void {
    if (this.running.size > 0) { this.resetPending = true; return; }
    this.resetPending = false;
    this.clients?.clear();
  }

  /** The session's one Bedrock client factory (made on first use, with the AWS layer). */
  async clientFactory(): Promise<Aws.BedrockClientFactory> {
    const aws = await this.deps.aws();
    return (this.clients ??= new aws.BedrockClientFactory());
  }

  /** Runs the prompt `times` times in a row (the first writes the cache, the next ones read it). */
  async run(request: RunRequest, ui: RunUi): Promise<UsageRecord[]> {
    const { file } = request;
    if (this.running.has(file)) {
      ui.alreadyRunning(file);
      return [];
    }
    // The slot is taken before the first await (input boxes, dialogs), so a second click never
    // starts a second paid run of the same file.
    const controller = new AbortController();
    this.running.set(file, controller);
    try {
      return await this.runReserved(request, ui, controller);
    } finally {
      this.running.delete(file);
      if (this.resetPending) this.resetClients();
    }
  }

  private async runReserved(request: RunRequest, ui: RunUi, controller: AbortController): Promise<UsageRecord[]> {
    const { file, analysis, advice, settings, times } = request;
    const aws = await this.deps.aws();
    let inputs = ui.rememberedInputs(file);
    const missing = missingInputs(analysis, inputs);
    if (missing.length > 0) {
      const asked = await ui.askInputs(file, missing, analysis.config.stable, request.sources.resolveInputFile);
      if (!asked) return [];
      inputs = asked;
    }
    const region = resolveRegion(analysis.config.region, settings.region);
    const profile = analysis.config.profile || settings.profile || undefined;
    if (settings.confirmBeforeRun && !this.confirmed.has(file)) {
      if (!await ui.confirmFirstRun({ file, analysis, advice, region, times, endpoint: settings.endpoint || undefined })) return [];
      this.confirmed.add(file);
    }
    const pairKey = `${analysis.modelId}|${region}`;
    let policy: CacheUnsupportedPolicy = settings.onCacheUnsupported;
    if (this.refusedCaching.has(pairKey) && policy === 'ask' && analysis.cachePoints.length > 0) {
      const choice = await ui.askAfterRefusal(analysis.modelId, region);
      if (!choice) return [];
      policy = choice === 'asWritten' ? 'fail' : 'retryWithout';
    }
    const history = await this.deps.history();
    const responseCache = await this.openResponseCache(aws, request, ui);
    await ui.showPanel(file).catch((error) => this.deps.log.error('Opening the usage panel failed', error));
    let currentRun = '';
    try {
      return await ui.withProgress(`Running ${file.split('/').pop()}`, controller, async (report) => {
        this.deps.log.info(`Run ${file}: ${analysis.modelId} in ${region}${settings.endpoint ? ` via ${settings.endpoint}` : ''}, ×${times}`);
        const result = await aws.runPrompt({
          file: request.path, text: request.text, analysis: request.analysisIsCurrent ? analysis : undefined, workspaceRoots: request.workspaceRoots,
          partialsPath: settings.partialsPath, declared: settings.declared, projectTrusted: settings.trusted, inputs, defaultModel: settings.defaultModel, catalog: settings.catalog,
          clients: await this.clientFactory(),
          client: { region, profile, endpoint: settings.endpoint || undefined, apiKey: await this.deps.apiKey() },
          times, onCacheUnsupported: policy, signal: controller.signal, idleTimeoutMs: settings.requestTimeoutSeconds * 1000,
          relativeFile: file, responseCache,
          ask: async (failure) => {
            this.refusedCaching.add(pairKey);
            return ui.askRetryWithoutCache(failure.message);
          },
          onRunStart: ({ index, id, model, startedAt }) => {
            currentRun = id;
            if (times > 1) report(`run ${index + 1} of ${times}${index === 0 ? ' (cold)' : ' (warm)'}`);
            this.deps.onProgress({ kind: 'started', runId: id, file, model, startedAt });
          },
          onDelta: (text) => this.deps.onProgress({ kind: 'delta', runId: currentRun, file, text }),
          // The panel gets the record even when saving it fails (HistoryFile warns about that).
          historyStore: { append: async (record) => { try { await history.append(record); } finally { this.deps.onRecord(record); } } },
          earlierRuns: () => history.recordsFor(file),
          requestSnapshots: this.deps.snapshots,
        });
        if (result.retriedWithoutCachePoints) this.refusedCaching.add(pairKey);
        if (result.failure) {
          this.deps.log.error(`Run ${file} failed: ${result.failure.cause}`);
          this.deps.onProgress({ kind: 'failed', runId: currentRun, file, message: result.failure.message });
          ui.credentialsFailed(/^credentials|^sso/.test(result.failure.kind));
          ui.showFailure(result.failure, profile);
        } else {
          ui.credentialsFailed(false);
          const last = result.records.at(-1);
          if (last?.replayed) this.deps.log.info(`Run ${file} replayed from the response cache (no Bedrock call, $0; the original call cost ${formatUsd(last.replay?.savedUSD ?? 0)})`);
          else if (last) this.deps.log.info(`Run ${file} done: input ${last.usage.inputTokens}, read ${last.usage.cacheReadInputTokens}, write ${last.usage.cacheWriteInputTokens}, output ${last.usage.outputTokens}, ${formatUsd(last.costUSD)}`);
        }
        return result.records;
      });
    } catch (error) {
      if (isPromptInputError(error)) {
        if (error.missingInputs.length > 0) ui.forgetInputs(file);
        ui.showError(error.message);
        return [];
      }
      throw new Error(aws.redactText((error as Error).message ?? String(error)));
    } finally {
      await responseCache?.close();
    }
  }

  /**
   * The run's response cache, per the settings (the trust rule already applied): undefined when
   * off or misconfigured (with a warning). Run N Times always calls Bedrock: it exists to compare
   * Bedrock's cold and warm prompt cache, which replays would hide; its answers are still stored.
   */
  private async openResponseCache(aws: AwsModule, request: RunRequest, ui: RunUi): Promise<Aws.ResponseCache | undefined> {
    const { settings } = request;
    const warn = (message: string) => {
      this.deps.log.info(`Response cache: ${message}`);
      ui.showWarning?.(message);
    };
    if (settings.responseCache === 'off') return undefined;
    let url = settings.responseCacheUrl;
    if (settings.responseCache === 'redis') {
      if (!/^rediss?:\/\//i.test(url)) {
        warn('promptCache.responseCache is "redis" but promptCache.responseCacheUrl is not a redis:// or rediss:// URL; the run goes to Bedrock without the response cache.');
        return undefined;
      }
      const credentials = await this.deps.responseCacheCredentials?.();
      if (credentials) url = withUrlCredentials(url, credentials);
    }
    const store = await aws.openResponseStore(settings.responseCache === 'file' ? { kind: 'file' } : { kind: 'redis', url }, {
      workspaceRoot: request.workspaceRoots[0] ?? dirname(request.path), ttlMs: settings.responseCacheTtlMs, warn,
    });
    return store && new aws.ResponseCache(store, { warn, bypass: request.fresh || request.times > 1 });
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.clients?.dispose();
  }
}
