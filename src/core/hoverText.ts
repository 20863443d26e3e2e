/** Markdown for hovers on blocks, cache points and the `model:` key. */
import type { Analysis, Block, CachePoint } from './analysis';
import { blockName, requestPath } from '../shared/blockNames';
import { formatTokens } from '../shared/numberFormat';
import { minimumVerdict, probedSuffix } from './labels';
import type { ResolvedModel } from './modelResolver';
import { isWrite1hEstimate, writePrice } from './costModel';

/**
 * A code span that nothing inside can close: names and IDs come from the file, and a backtick in
 * one must not turn the rest into Markdown (a remote image in a hover is a request).
 */
export function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** Text shown as is: every Markdown character escaped. */
export function plain(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+\-.!|~]/g, (c) => `\\${c}`);
}

export function blockHover(analysis: Analysis, block: Block): string {
  const lines = [
    `**${formatTokens(block.tokens)} tokens** (raw cl100k ${formatTokens(block.rawTokens)}) · prefix **${formatTokens(block.prefixTokens)}**`,
    '',
    `Lands in **${blockName(block)}** (\`${requestPath(block)}\` of the request).`,
    block.stable ? 'Stable: the same on every run, so it can be cached.'
      : `Changing: ${block.changing.map((c) => `${code(c.name)} (line ${c.line + 1})`).join(', ')} ${block.changing.length === 1 ? 'changes' : 'change'} from run to run.` +
        (block.stableHead ? ` The first ${formatTokens(block.stableHead.tokens)} tokens (to line ${block.stableHead.endLine + 1}) are stable.` : ''),
  ];
  if (block.unfilled.length > 0) lines.push(`No value for ${block.unfilled.map((n) => code(n)).join(', ')}: counted as 0 tokens (add \`input.default\` to count it).`);
  if (block.templateEstimate) lines.push('Template estimate: counted from the template text (a marker inside {{#if}}/{{#each}}, or a template error).');
  if (block.partials.length > 0) lines.push(`Includes partials: ${block.partials.map((p) => code(p)).join(', ')}.`);
  lines.push('', `_${plain(analysis.tokenizerLabel)}_`);
  return lines.join('\n');
}

export function cachePointHover(analysis: Analysis, point: CachePoint, defaultTtl: string): string {
  const min = analysis.model?.row?.minTokens;
  const verdict = minimumVerdict(analysis, point);
  const probed = probedSuffix(analysis);
  const verdictText = {
    reaches: `Reaches the model's minimum of ${formatTokens(min ?? 0)} tokens${probed}.`,
    'may-not-reach': `Only the calibrated estimate reaches the minimum of ${formatTokens(min ?? 0)}; the raw count (${formatTokens(point.rawPrefixTokens)}) does not. Count exactly to be sure.`,
    below: `Below the model's minimum of ${formatTokens(min ?? 0)} tokens${probed}: Bedrock accepts the request and caches nothing.`,
    unknown: `Caching is unknown for ${analysis.modelId ? code(analysis.modelId) : 'this file (no model)'}.`,
  }[verdict];
  return [
    `**Cache point** in \`${point.field === 'message' ? `messages[${point.messageIndex ?? 0}]` : point.field}\` · TTL ${point.ttl ?? defaultTtl}${point.ttl ? '' : ' (default)'}`,
    '',
    `Caches the prefix of **${formatTokens(point.prefixTokens)} tokens** (tools → system → messages); ${formatTokens(point.segmentTokens)} since the previous point.`,
    '',
    verdictText,
  ].join('\n');
}

export function modelHover(model: ResolvedModel | undefined, modelId: string): string {
  // The diagnostic on this line already says what is wrong; the hover says what to do next.
  if (!modelId) return 'Cache limits and prices show here once the file names a model: use the quick fix *Choose a model from the catalog…*.';
  if (!model || model.status === 'unknown') return `${code(modelId)}: pick a catalog model with the quick fix *Choose a model from the catalog…*, or describe this one (minimum, TTLs, prices) in the \`promptCache.models\` setting.`;
  if (model.status === 'no-caching' || !model.row) return `${code(model.baseId)} does not support prompt caching on Bedrock.`;
  const row = model.row;
  const lines = [
    `**${plain(row.name)}** · ${code(model.baseId)}${model.profilePrefix ? ` via the ${code(model.profilePrefix + '.')} inference profile` : ''}`,
    '',
    `| cache limit | value |`, `| --- | --- |`,
    `| minimum per cache point${row.probed ? ' (probed)' : ''} | ${formatTokens(row.minTokens)} tokens${row.minNote ? ` (${plain(row.minNote)})` : ''} |`,
    `| max cache points | ${row.maxPoints} |`,
    `| where points may go | ${row.fields.join(', ')} |`,
    `| TTLs | ${row.ttls.join(', ')} |`,
  ];
  if (row.maxCachedTokens) lines.push(`| cached per request | at most ~${formatTokens(row.maxCachedTokens)} tokens |`);
  const p = model.prices;
  if (p) {
    lines.push('', `| USD per 1M tokens | price |`, `| --- | --- |`,
      `| input | ${p.input} |`, `| output | ${p.output} |`,
      `| cache write 5m${p.cacheWrite5m === p.input ? ' (= input: no premium, not free)' : ''} | ${p.cacheWrite5m} |`);
    if (row.ttls.includes('1h')) {
      lines.push(isWrite1hEstimate(p)
        ? `| cache write 1h (estimate: not published for Bedrock, 2× input) | ${writePrice(p, '1h')} |`
        : `| cache write 1h | ${writePrice(p, '1h')} |`);
    }
    lines.push(`| cache read | ${p.cacheRead} |`, '', `_Prices as of ${plain(row.priceDate ?? 'unknown date')} (us-east-1${model.profilePrefix && model.profilePrefix !== 'global' ? ', regional profile' : ''}); override with settings._`);
  } else {
    lines.push('', '_No prices in the catalog for this model._');
  }
  return lines.join('\n');
}
