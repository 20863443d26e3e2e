/** `analyze FILE... [--json] [--model ID] [--strategy S]`: token counts, cache points and findings. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Analyzer } from '../core/analyzer';
import { toReport, exitCodeFor, type AnalysisReport } from '../core/analysisReport';
import { DEFAULT_CACHE_SETTINGS, STRATEGIES, effectiveCacheSettings, type Strategy } from '../core/promptConfig';
import { adviseCachePoints } from '../core/cacheAdvice';
import { WorkspaceFiles } from '../node/promptFiles';
import { formatReportTable } from './reportTable';
import { UsageError } from './usageError';

export const ANALYZE_USAGE = 'analyze FILE... [--json] [--model ID] [--strategy conservative|aggressive|custom] [--fix [--dry-run]]';

export async function analyzeCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { json: { type: 'boolean' }, model: { type: 'string' }, strategy: { type: 'string' }, fix: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError(`no files given. Usage: ${ANALYZE_USAGE}`);
  if (values.strategy && !(STRATEGIES as readonly string[]).includes(values.strategy)) {
    throw new UsageError(`unknown strategy "${values.strategy}": use ${STRATEGIES.join(', ')}.`);
  }
  const analyzer = new Analyzer();
  const reports: AnalysisReport[] = [];
  for (const file of positionals) {
    const path = resolve(file);
    let text: string;
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const files = new WorkspaceFiles([process.cwd(), dirname(path)].filter((root) => !relative(root, path).startsWith('..')));
    const analysis = await analyzer.analyze(text, {
      defaultModel: values.model,
      partials: files.partialSource(path),
      readToolsFile: (name) => files.readText(dirname(path), name),
    });
    if (values.model) {
      // --model overrides the file's own model for this analysis.
      analysis.modelId = analysis.modelId || values.model;
    }
    const settings = effectiveCacheSettings({ ...DEFAULT_CACHE_SETTINGS, strategy: (values.strategy as Strategy) ?? DEFAULT_CACHE_SETTINGS.strategy }, analysis.config);
    if (values.strategy) settings.strategy = values.strategy as Strategy;
    const advice = adviseCachePoints(analysis, settings);
    reports.push(toReport(relative(process.cwd(), path) || file, analysis, advice.findings, advice.suggestions, settings.defaultTtl));
  }
  if (values.json) out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  else for (const report of reports) out(formatReportTable(report));
  return exitCodeFor(reports);
}
