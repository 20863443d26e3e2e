/** `analyze FILE... [--json] [--model ID] [--strategy S]`: token counts, cache points and findings. */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Analyzer } from '../core/analyzer';
import { analyzePrompt } from '../node/promptPreparation';
import { toReport, exitCodeFor, type AnalysisReport } from '../core/analysisReport';
import { DEFAULT_CACHE_SETTINGS, STRATEGIES, effectiveCacheSettings, type Strategy } from '../core/promptConfig';
import { adviseCachePoints } from '../core/cacheAdvice';
import { formatCostTable } from '../core/costPreviewFormat';
import { applyEdits, insertionEdit, unifiedDiff } from '../core/suggestionEdits';
import { promptWorkspaceRoots } from '../node/workspaceRoot';
import { DEFAULT_REGION } from '../core/promptConfig';
import { defaultProbesPath, ProbeStore } from '../node/probeStore';
import { formatReportTable } from './reportTable';
import { UsageError } from './usageError';
import { ANALYZE_USAGE } from './usages';


export async function analyzeCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { json: { type: 'boolean' }, model: { type: 'string' }, region: { type: 'string' }, probes: { type: 'string' }, strategy: { type: 'string' }, fix: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, workspace: { type: 'string' }, config: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError(`no files given. Usage: ${ANALYZE_USAGE}`);
  if (values.strategy && !(STRATEGIES as readonly string[]).includes(values.strategy)) {
    throw new UsageError(`unknown strategy "${values.strategy}": use ${STRATEGIES.join(', ')}.`);
  }
  if (values['dry-run'] && !values.fix) throw new UsageError('--dry-run goes with --fix.');
  const analyzer = new Analyzer();
  // Probe results replace catalog minimums for the region the prompt runs in (as `run` would pick it).
  let probes;
  try {
    probes = new ProbeStore(values.probes ?? defaultProbesPath()).read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const region = values.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || DEFAULT_REGION;
  const reports: AnalysisReport[] = [];
  const costs: string[] = [];
  const diffs: string[] = [];
  for (const file of positionals) {
    const path = resolve(file);
    let text: string;
    try {
      if (!statSync(path).isFile()) throw new Error('not a file');
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
    }
    const { analysis } = await analyzePrompt({
      file: path, text, workspaceRoots: promptWorkspaceRoots(path, { explicit: values.workspace }), analyzer, modelOverride: values.model, probes, region, configFile: values.config,
    });
    const settings = effectiveCacheSettings({ ...DEFAULT_CACHE_SETTINGS, strategy: (values.strategy as Strategy) ?? DEFAULT_CACHE_SETTINGS.strategy }, analysis.config);
    if (values.strategy) settings.strategy = values.strategy as Strategy;
    const advice = adviseCachePoints(analysis, settings);
    const name = relative(process.cwd(), path) || file;
    reports.push(toReport(name, analysis, advice.findings, advice.suggestions, settings.defaultTtl));
    const probed = analysis.model?.row?.probed;
    costs.push((probed ? `minimum ${analysis.model!.row!.minTokens.toLocaleString('en-US')} tokens per cache point (${probed})\n` : '') + formatCostTable(advice.cost));
    if (values.fix && advice.suggestions.length > 0) {
      const fixed = applyEdits(text, advice.suggestions.map(insertionEdit));
      if (values['dry-run']) diffs.push(unifiedDiff(name, text, fixed));
      else {
        writeFileSync(path, fixed);
        diffs.push(`${name}: inserted ${advice.suggestions.length} cache point${advice.suggestions.length === 1 ? '' : 's'}`);
      }
    }
  }
  if (values.json) out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  else reports.forEach((report, i) => out(`${formatReportTable(report)}\n  ${costs[i].split('\n').join('\n  ')}\n`));
  if (diffs.length > 0) (values.json ? (s: string) => process.stderr.write(s + '\n') : out)(diffs.join('\n'));
  return exitCodeFor(reports);
}
