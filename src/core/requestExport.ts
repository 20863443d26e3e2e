/**
 * The request a prompt sends, in the shape other APIs take, so it can be pasted into code: Bedrock
 * Converse as JSON, the Anthropic Messages API (`cache_control` goes ON the block before each
 * Bedrock cache point), and OpenAI chat completions (automatic caching: cache points are dropped).
 */
import { formatTokens } from '../shared/numberFormat';
import type { Analysis } from './analysis';
import { converseOrder } from './cachePointPlacement';
import type { CachePointBlock, ConverseContentBlock, ConverseRequest, ConverseSystemBlock, MediaSource } from './converseTypes';

export type ExportFormat = 'converse' | 'anthropic' | 'openai';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['converse', 'anthropic', 'openai'];

export interface ExportedRequest {
  format: ExportFormat;
  body: Record<string, unknown>;
  /** What could not be carried over, in words. */
  warnings: string[];
}

/** OpenAI caches a prompt's prefix automatically once the prompt reaches this size. */
export const OPENAI_CACHE_MINIMUM = 1024;

const MIME: Record<string, string> = {
  png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', pdf: 'application/pdf', txt: 'text/plain',
  md: 'text/markdown', csv: 'text/csv', html: 'text/html',
};

const isCachePoint = (block: object): block is CachePointBlock => 'cachePoint' in block;

function base64(source: MediaSource): string | undefined {
  return 'bytes' in source ? Buffer.from(source.bytes).toString('base64') : undefined;
}

/**
 * @param stablePrefixTokens tokens before the first changing content (for OpenAI's 1,024-token note)
 */
export function exportRequest(request: ConverseRequest, format: ExportFormat, stablePrefixTokens = 0): ExportedRequest {
  switch (format) {
    case 'converse': return { format, body: converseJson(request), warnings: [] };
    case 'anthropic': return anthropic(request);
    case 'openai': return openai(request, stablePrefixTokens);
  }
}

/** Converse as the wire carries it: bytes are base64 strings. */
function converseJson(request: ConverseRequest): Record<string, unknown> {
  return JSON.parse(JSON.stringify(request, (_key, value: unknown) => (value instanceof Uint8Array ? Buffer.from(value).toString('base64') : value)));
}

/** `anthropic.claude-sonnet-4-5-20250929-v1:0` (any profile prefix) → `claude-sonnet-4-5-20250929`. */
export function anthropicModelName(modelId: string): string {
  const base = modelId.replace(/^arn:.*\//, '').replace(/^(us-gov|us|eu|apac|jp|au|ca|global)\./, '');
  return base.replace(/^anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
}

function anthropic(request: ConverseRequest): ExportedRequest {
  const warnings: string[] = [];
  const blocks = (list: (ConverseContentBlock | ConverseSystemBlock)[], where: string): Record<string, unknown>[] => {
    const out: Record<string, unknown>[] = [];
    for (const block of list) {
      if (isCachePoint(block)) {
        const last = out.at(-1);
        if (last) last.cache_control = { type: 'ephemeral', ...(block.cachePoint.ttl ? { ttl: block.cachePoint.ttl } : {}) };
        else warnings.push(`A cache point at the start of ${where} has no block to carry cache_control: dropped.`);
        continue;
      }
      const converted = anthropicBlock(block as ConverseContentBlock, warnings);
      if (converted) out.push(converted);
    }
    return out;
  };
  const body: Record<string, unknown> = {
    model: anthropicModelName(request.modelId),
    // The Messages API requires max_tokens; Converse does not.
    max_tokens: request.inferenceConfig?.maxTokens ?? 1024,
  };
  if (request.system?.length) body.system = blocks(request.system, 'the system prompt');
  body.messages = request.messages.map((m, i) => ({ role: m.role, content: blocks(m.content, `message ${i + 1}`) }));
  if (request.toolConfig?.tools.length) {
    const tools: Record<string, unknown>[] = [];
    for (const tool of request.toolConfig.tools) {
      if (isCachePoint(tool)) {
        const last = tools.at(-1);
        if (last) last.cache_control = { type: 'ephemeral', ...(tool.cachePoint.ttl ? { ttl: tool.cachePoint.ttl } : {}) };
        continue;
      }
      tools.push({ name: tool.toolSpec.name, description: tool.toolSpec.description, input_schema: tool.toolSpec.inputSchema.json });
    }
    body.tools = tools;
  }
  const c = request.inferenceConfig ?? {};
  if (c.temperature !== undefined) body.temperature = c.temperature;
  if (c.topP !== undefined) body.top_p = c.topP;
  if (c.stopSequences?.length) body.stop_sequences = c.stopSequences;
  Object.assign(body, request.additionalModelRequestFields ?? {});
  return { format: 'anthropic', body, warnings };
}

function anthropicBlock(block: ConverseContentBlock, warnings: string[]): Record<string, unknown> | undefined {
  if ('text' in block) return { type: 'text', text: block.text };
  if ('image' in block || 'document' in block) {
    const media = 'image' in block ? block.image : block.document;
    const data = base64(media.source);
    if (!data) {
      warnings.push('An S3 media location has no equivalent in the Messages API: dropped.');
      return undefined;
    }
    return { type: 'image' in block ? 'image' : 'document', source: { type: 'base64', media_type: MIME[media.format] ?? 'application/octet-stream', data } };
  }
  warnings.push(`A ${Object.keys(block)[0]} block has no equivalent here: dropped.`);
  return undefined;
}

function openai(request: ConverseRequest, stablePrefixTokens: number): ExportedRequest {
  const warnings: string[] = [];
  const text = (list: (ConverseContentBlock | ConverseSystemBlock)[]) => list.filter((b): b is { text: string } => 'text' in b).map((b) => b.text).join('');
  const messages: Record<string, unknown>[] = [];
  if (request.system?.length) messages.push({ role: 'system', content: text(request.system) });
  for (const message of request.messages) {
    const parts: Record<string, unknown>[] = [];
    for (const block of message.content) {
      if (isCachePoint(block)) continue;
      if ('text' in block) parts.push({ type: 'text', text: block.text });
      else if ('image' in block) {
        const data = base64(block.image.source);
        if (data) parts.push({ type: 'image_url', image_url: { url: `data:${MIME[block.image.format]};base64,${data}` } });
        else warnings.push('An S3 image has no equivalent in chat completions: dropped.');
      } else warnings.push(`A ${Object.keys(block)[0]} block has no equivalent in chat completions: dropped.`);
    }
    messages.push({ role: message.role, content: parts });
  }
  const body: Record<string, unknown> = { model: request.modelId, messages };
  const tools = request.toolConfig?.tools.filter((t) => !isCachePoint(t)) ?? [];
  if (tools.length) {
    body.tools = tools.map((t) => ('toolSpec' in t ? { type: 'function', function: { name: t.toolSpec.name, description: t.toolSpec.description, parameters: t.toolSpec.inputSchema.json } } : t));
  }
  const c = request.inferenceConfig ?? {};
  if (c.maxTokens !== undefined) body.max_tokens = c.maxTokens;
  if (c.temperature !== undefined) body.temperature = c.temperature;
  if (c.topP !== undefined) body.top_p = c.topP;
  if (c.stopSequences?.length) body.stop = c.stopSequences;
  const points = [...(request.system ?? []), ...request.messages.flatMap((m) => m.content), ...(request.toolConfig?.tools ?? [])].filter(isCachePoint).length;
  if (points > 0) warnings.push(`OpenAI caches automatically: the ${points} cache point${points === 1 ? ' was' : 's were'} dropped.`);
  if (stablePrefixTokens < OPENAI_CACHE_MINIMUM) {
    warnings.push(`The stable prefix is about ${formatTokens(stablePrefixTokens)} tokens, under OpenAI's ${formatTokens(OPENAI_CACHE_MINIMUM)}-token minimum: nothing would be cached.`);
  }
  return { format: 'openai', body, warnings };
}

/** Tokens before the first changing content, in Bedrock's order (a changing block's stable head counts). */
export function stablePrefixTokens(analysis: Analysis): number {
  let total = 0;
  for (const block of converseOrder(analysis.blocks)) {
    if (!block.stable) return total + (block.stableHead?.tokens ?? 0);
    total += block.tokens;
  }
  return total;
}
