/**
 * `count FILE [--endpoint URL] [--region R] [--profile P] [--input k=v]... [--json]`: exact token
 * counts from Bedrock's CountTokens for the prefix at the end of every block, next to the local
 * estimates. Exit 1 with the reason when exact counts are not available for the model.
 */
import { parseArgs } from 'node:util';
import { BedrockClientFactory } from '../aws/clientFactory';
import { countTokensExact, type PrefixCount } from '../aws/countTokens';
import { PromptInputError, preparePrompt } from '../node/promptPreparation';
import { ConverseRequestError } from '../core/converseRequest';
import { formatTokens } from '../shared/numberFormat';
import { clientSettings, CONNECTION_OPTIONS, parseInputs, promptPath } from './runOptions';
import { probeFor, probeLabel } from '../core/probeResults';
import { defaultProbesPath, ProbeStore } from '../node/probeStore';
import { UsageError } from './usageError';
import { COUNT_USAGE } from './usages';


export async function countCommand(argv: string[], out: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { ...CONNECTION_OPTIONS, probes: { type: 'string' } } });
  const file = promptPath(positionals[0], COUNT_USAGE, values.workspace);
  let prepared;
  try {
    prepared = await preparePrompt({ file: file.path, workspaceRoots: file.roots, inputs: parseInputs(values.input), modelOverride: values.model, configFile: values.config });
  } catch (error) {
    if (error instanceof PromptInputError || error instanceof ConverseRequestError) throw new UsageError(`${file.relative}: ${error.message}`);
    throw error;
  }
  const clients = new BedrockClientFactory();
  try {
    const { analysis, model, built } = prepared;
    const handle = clients.get({ ...clientSettings(values), region: values.region || analysis.config.region, profile: values.profile || analysis.config.profile });
    const counted = await countTokensExact(handle.client, built.request, model, { sites: built.sites, region: handle.region });
    if (!counted.ok) {
      if (values.json) out(JSON.stringify({ file: file.relative, model: model.requestId, exact: false, reason: counted.reason, message: counted.message }, null, 2));
      process.stderr.write(`prompt-cache count: exact counts unavailable (${counted.reason}): ${counted.message}\n`);
      return 1;
    }
    const estimates = analysis.cachePoints.map((p) => p.prefixTokens);
    // Exact counts are in Bedrock's units, like a probed minimum: a probe for this region wins over the catalog.
    const probe = probeFor(readProbes(values.probes), model.baseId, handle.region);
    const report = {
      file: file.relative, model: model.requestId, countedWith: counted.baseModelId, exact: true, totalTokens: counted.totalTokens,
      minTokens: probe?.minTokens ?? model.row?.minTokens, ...(probe?.minTokens ? { minimumProbed: probeLabel(probe) } : {}), prefixes: counted.prefixes.map((p) => ({ ...p, line: p.line === undefined ? undefined : p.line + 1,
        estimatedPrefixTokens: p.cachePointIndex === undefined ? undefined : estimates[p.cachePointIndex] })),
    };
    if (values.json) out(JSON.stringify(report, null, 2));
    else out(formatCountTable(report));
    return 0;
  } finally {
    clients.dispose();
  }
}

type Row = PrefixCount & { estimatedPrefixTokens?: number };

function readProbes(path: string | undefined) {
  try {
    return new ProbeStore(path ?? defaultProbesPath()).read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function formatCountTable(report: { file: string; model: string; countedWith: string; totalTokens: number; minTokens?: number; minimumProbed?: string; prefixes: Row[] }): string {
  const probed = report.minimumProbed ? ` (${report.minimumProbed})` : '';
  const lines = [`${report.file}  model ${report.model} (counted with ${report.countedWith})  total ${formatTokens(report.totalTokens)} tokens (exact)`];
  lines.push('  line  request part             kind        prefix');
  for (const p of report.prefixes) {
    const note = p.kind === 'cachePoint' && report.minTokens !== undefined
      ? (p.prefixTokens >= report.minTokens ? `  ≥ minimum ${formatTokens(report.minTokens)}${probed}` : `  below minimum ${formatTokens(report.minTokens)}${probed}: will not cache`)
      : '';
    const estimate = p.estimatedPrefixTokens !== undefined ? `  (estimate ${formatTokens(p.estimatedPrefixTokens, { approx: true })})` : '';
    lines.push(`  ${String(p.line ?? '-').padStart(4)}  ${p.path.padEnd(24)} ${p.kind.padEnd(10)} ${formatTokens(p.prefixTokens).padStart(8)}${note}${estimate}`);
  }
  return lines.join('\n');
}
