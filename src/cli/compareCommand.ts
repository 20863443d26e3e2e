/**
 * `compare FILE`: which model, caching strategy and TTL for the way this prompt will be called.
 * Projected offline for a traffic pattern (every candidate model × strategy × TTL), and with
 * `--live` measured: each cell run N times (cold, then warm), prompt routers as measured-only
 * rows, all records kept as one experiment in `--history` and exportable with `--export`.
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { ConverseRequestError } from '../core/converseRequest';
import { projectComparison } from '../core/compareProjection';
import { serializeHistory } from '../core/historyExport';
import { DEFAULT_CACHE_SETTINGS, effectiveCacheSettings } from '../core/promptConfig';
import { HistoryFile } from '../node/historyFile';
import { analyzeCandidates, type CompareAnalyses } from '../node/compareAnalyses';
import { isPromptInputError, type AnalyzedPrompt } from '../node/promptPreparation';
import type { UsageRecord } from '../shared/usageRecord';
import { measuredJson, projectedJsonRow, type CompareJson } from './compareJson';
import { list, strategiesOption, trafficOption, ttlsOption, wholeNumber } from './compareOptions';
import { formatCompareTable } from './compareTable';
import { clientSettings, parseInputs, promptPath } from './runOptions';
import { UsageError } from './usageError';
import { COMPARE_USAGE } from './usages';

export async function compareCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: {
      models: { type: 'string' }, strategies: { type: 'string' }, ttls: { type: 'string' },
      interval: { type: 'string' }, 'calls-per-hour': { type: 'string' }, calls: { type: 'string' }, 'output-tokens': { type: 'string' },
      history: { type: 'string' }, json: { type: 'boolean' }, live: { type: 'boolean' }, times: { type: 'string' },
      endpoint: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' }, http1: { type: 'boolean' },
      routers: { type: 'string' }, input: { type: 'string', multiple: true }, export: { type: 'string' }, workspace: { type: 'string' },
    },
  });
  const file = promptPath(positionals[0], COMPARE_USAGE, values.workspace);
  const strategies = strategiesOption(values.strategies);
  const ttls = ttlsOption(values.ttls);
  const outputTokens = values['output-tokens'] === undefined ? 0 : wholeNumber('--output-tokens', values['output-tokens'], 0, 1_000_000);
  const routers = list(values.routers) ?? [];
  if (!values.live && (values.times || routers.length || values.export || values.endpoint)) {
    throw new UsageError('--times, --routers, --endpoint and --export go with --live.');
  }
  const exportPath = values.export;
  if (exportPath && !['.csv', '.json'].includes(extname(exportPath).toLowerCase())) throw new UsageError('--export needs a file ending in .csv or .json.');
  const times = wholeNumber('--times', values.times, 2, 100);
  const history = values.history ? new HistoryFile(values.history, { warn: (m) => process.stderr.write(`warning: ${m}\n`) }) : undefined;
  const pastStarts = history ? (await history.recordsFor(file.relative)).map((r) => r.startedAt) : [];
  const traffic = trafficOption(values, () => pastStarts);

  let analyses: CompareAnalyses;
  try {
    analyses = await analyzeCandidates({ file: file.path, workspaceRoots: file.roots }, list(values.models));
  } catch (error) {
    throw new UsageError(`cannot analyse ${file.relative}: ${(error as Error).message}`);
  }
  const { base, skipped } = analyses;
  if (analyses.candidates.length === 0 && routers.length === 0) {
    throw new UsageError(`no model can run ${file.relative}${skipped.length ? `: ${skipped.map((s) => s.reason).join(' ')}` : '.'}`);
  }
  const perModel = new Map(analyses.candidates.map((c) => [c.row.id, { analyzed: c.analyzed, requestModel: c.requestModel }]));
  const settings = effectiveCacheSettings(DEFAULT_CACHE_SETTINGS, base.analysis.config);
  const projection = projectComparison([...perModel.values()].map((m) => m.analyzed.analysis), traffic, { strategies, ttls, settings, outputTokens });
  const json: CompareJson = {
    file: file.relative, calls: traffic.calls, intervalSeconds: traffic.intervalSeconds,
    rows: projection.rows.map(projectedJsonRow), best: projection.best,
    traffic: traffic.source, outputTokensPerCall: outputTokens, skipped,
  };
  if (values.live) {
    const failed = await measure(json, { values, file, base, perModel, routers, times, settings, history, exportPath });
    if (values.json) out(JSON.stringify(json, null, 2));
    else out(formatCompareTable(json));
    return failed ? 1 : 0;
  }
  if (values.json) out(JSON.stringify(json, null, 2));
  else out(formatCompareTable(json));
  return 0;
}

interface LiveContext {
  values: { endpoint?: string; region?: string; profile?: string; http1?: boolean; input?: string[] };
  file: ReturnType<typeof promptPath>;
  base: AnalyzedPrompt;
  perModel: Map<string, { analyzed: AnalyzedPrompt; requestModel: string }>;
  routers: string[];
  times: number;
  settings: ReturnType<typeof effectiveCacheSettings>;
  history?: HistoryFile;
  exportPath?: string;
}

/** Runs every row's cell and each router; true when a cell failed. The AWS layer loads only here. */
async function measure(json: CompareJson, ctx: LiveContext): Promise<boolean> {
  const [{ BedrockClientFactory }, { measureCell, newExperimentId }] = await Promise.all([import('../aws/clientFactory'), import('../aws/compareLive')]);
  const clients = new BedrockClientFactory();
  const experiment = newExperimentId();
  json.experiment = experiment;
  const records: UsageRecord[] = [];
  const store = { append: async (r: UsageRecord) => { records.push(r); await ctx.history?.append(r); } };
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  let failed = false;
  try {
    const options = {
      file: ctx.file.path, text: ctx.base.text, workspaceRoots: ctx.file.roots, relativeFile: ctx.file.relative, clients,
      client: clientSettings(ctx.values), times: ctx.times, settings: ctx.settings, inputs: parseInputs(ctx.values.input),
      historyStore: store, experimentId: experiment, signal: controller.signal,
    };
    for (const row of json.rows) {
      const model = ctx.perModel.get(row.model);
      if (!model) continue;
      const measured = await measureCell({ model: row.model, requestModel: model.requestModel, strategy: row.strategy, ttl: row.ttl, analyzed: model.analyzed }, options);
      row.measured = measuredJson(measured);
      failed ||= measured.error !== undefined;
    }
    for (const arn of ctx.routers) {
      const measured = await measureCell({ model: arn, requestModel: arn, strategy: 'as written', ttl: null }, options);
      json.rows.push({
        model: arn, strategy: 'as written', ttl: null,
        cachePointLines: ctx.base.analysis.cachePoints.map((p) => p.range.start.line + 1),
        hitRatio: null, costUSD: null, costPerCallUSD: null, savingVsNoneUSD: null, measuredOnly: true,
        notes: ['A prompt router: measured only (the router picks the model per call); each run is priced at the model it invoked.'],
        measured: measuredJson(measured),
      });
      failed ||= measured.error !== undefined;
    }
  } catch (error) {
    if (isPromptInputError(error) || error instanceof ConverseRequestError) throw new UsageError((error as Error).message);
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    clients.dispose();
  }
  if (ctx.exportPath) writeFileSync(ctx.exportPath, serializeHistory(records, ctx.exportPath.toLowerCase().endsWith('.csv') ? 'csv' : 'json'));
  return failed;
}
