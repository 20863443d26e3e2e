/**
 * Builds the Converse request for a rendered .prompt file: system blocks, messages, tool
 * definitions, inference settings and cache points exactly where the file puts them. Pure: file
 * access for media goes through an injected reader.
 */
import type { RenderedPrompt } from 'dotprompt';
import type { CacheTtl } from '../shared/usageRecord';
import type { Analysis } from './analysis';
import { ConverseRequestError, mediaBlock, type MediaReader } from './converseMedia';
import type {
  CachePointBlock, ConverseContentBlock, ConverseMessage, ConverseRequest, ConverseSystemBlock, RequestSite,
} from './converseTypes';
import type { PromptConfig, ToolSpec } from './promptConfig';
import { CACHE_POINT_PURPOSE } from './renderer';
import { converseTools } from './toolsBlock';

export { ConverseRequestError } from './converseMedia';
export type { MediaReader } from './converseMedia';

export interface BuildRequestOptions {
  /** The ID sent to Bedrock (an inference profile ID for Claude 4.x). */
  modelId: string;
  config: PromptConfig;
  /** Tool specs after `bedrock.tools` was read (inline or from its JSON file). */
  tools?: ToolSpec[];
  /** When given, request paths are mapped back to the file's cache points and lines. */
  analysis?: Pick<Analysis, 'cachePoints' | 'blocks'>;
  readMedia?: MediaReader;
}

export interface BuiltRequest {
  request: ConverseRequest;
  /** Where each block of the request came from, for errors that name a request path. */
  sites: RequestSite[];
}

type Part = RenderedPrompt['messages'][number]['content'][number];
type Json = Record<string, unknown>;

/** `cachePoint` → default TTL, `cachePoint:1h` → explicit TTL; undefined when not a cache point. */
export function cachePointTtl(part: Part): CacheTtl | 'default' | undefined {
  const purpose = (part as { metadata?: Json }).metadata?.purpose;
  if (typeof purpose !== 'string' || !purpose.startsWith(CACHE_POINT_PURPOSE)) return undefined;
  const ttl = purpose.slice(CACHE_POINT_PURPOSE.length + 1);
  return ttl === '5m' || ttl === '1h' ? ttl : 'default';
}

function cachePoint(ttl: CacheTtl | 'default'): CachePointBlock {
  return { cachePoint: ttl === 'default' ? { type: 'default' } : { type: 'default', ttl } };
}

export function buildConverseRequest(rendered: Pick<RenderedPrompt, 'messages'>, options: BuildRequestOptions): BuiltRequest {
  const { config, analysis } = options;
  const sites: RequestSite[] = [];
  const system: ConverseSystemBlock[] = [];
  const messages: ConverseMessage[] = [];
  const documentNames = new Set<string>();
  const tools = toolSpecs(config, options.tools ?? []);
  const toolsPoint = tools.length > 0 && config.cacheTools === true;
  // Analysis lists the tools point first, then the body's points in source order, as rendered.
  let pointOrdinal = toolsPoint && analysis?.cachePoints.some((p) => p.field === 'tools') ? 1 : 0;
  let sourceMessage = -1;
  let anyHourPoint = false;

  for (const message of rendered.messages) {
    const isSystem = message.role === 'system';
    if (!isSystem) sourceMessage++;
    const role = message.role === 'model' ? 'assistant' : 'user';
    const isHistory = (message.metadata as Json | undefined)?.purpose === 'history';
    // Converse wants user and assistant turns to alternate: consecutive turns of one role merge.
    let target: ConverseMessage | undefined;
    if (!isSystem) {
      target = messages.at(-1)?.role === role ? messages.at(-1) : undefined;
      if (!target) { target = { role, content: [] }; messages.push(target); }
    }
    const at = () => (isSystem ? `system.${system.length}` : `messages.${messages.length - 1}.content.${target!.content.length}`);
    // Content after a cache point belongs to the block after it, not to the section's first
    // block: exact counts are shown on the block a site's line falls in.
    let afterPointLine = -1;
    const lineOf = () => firstLine(analysis, isSystem ? 'system' : 'message', isSystem ? undefined : sourceMessage, afterPointLine);
    const push = (block: ConverseContentBlock, site: Omit<RequestSite, 'path'>) => {
      sites.push({ path: at(), ...site });
      if (isSystem) system.push(block as ConverseSystemBlock);
      else target!.content.push(block);
    };
    for (const part of message.content) {
      const ttl = cachePointTtl(part);
      if (ttl) {
        const point = analysis?.cachePoints[pointOrdinal];
        push(cachePoint(ttl), { kind: 'cachePoint', cachePointIndex: point ? pointOrdinal : undefined, line: point?.range.start.line });
        if (point) afterPointLine = point.range.start.line;
        pointOrdinal++;
        anyHourPoint ||= ttl === '1h';
        continue;
      }
      if ('text' in part && typeof part.text === 'string') {
        // Markers leave line breaks around the text; Bedrock rejects blank text blocks.
        const text = part.text.trim();
        if (text) push({ text }, { kind: isHistory ? 'history' : 'text', line: lineOf() });
      } else if ('media' in part && part.media) {
        if (isSystem) throw new ConverseRequestError('media-format', `{{media url="${part.media.url}"}} sits in the system section, which takes only text: move it into a user message.`);
        const media = part.media;
        // The `{{media}}` this part came from: same message, same URL (or a variable one).
        const line = analysis?.blocks.find((b) => b.kind === 'media' && b.messageIndex === sourceMessage && b.range.start.line > afterPointLine && (b.url === media.url || /^[A-Za-z_][\w.]*$/.test(b.url ?? '')))?.range.start.line ?? lineOf();
        let block: ConverseContentBlock;
        try {
          block = mediaBlock(media, options.readMedia, documentNames);
        } catch (error) {
          if (error instanceof ConverseRequestError && line !== undefined) throw new ConverseRequestError(error.code, `line ${line + 1}: ${error.message}`);
          throw error;
        }
        push(block, { kind: 'media', line });
      } else if ('toolRequest' in part && part.toolRequest) {
        const { ref, name, input } = part.toolRequest;
        push({ toolUse: { toolUseId: ref ?? name, name, input: input ?? {} } }, { kind: 'history' });
      } else if ('toolResponse' in part && part.toolResponse) {
        const { ref, name, output } = part.toolResponse;
        push({ toolResult: { toolUseId: ref ?? name, content: [{ json: output ?? null }] } }, { kind: 'history' });
      }
      // Other metadata parts (section markers) are block boundaries with no content of their own.
    }
  }
  const nonEmpty = messages.filter((m) => m.content.length > 0);
  if (nonEmpty.length === 0) {
    throw new ConverseRequestError('no-messages', 'The prompt renders no user message: add text after {{role "user"}} (or before any role marker).');
  }
  if (nonEmpty.length !== messages.length) renumberSites(sites, messages);

  const request: ConverseRequest = { modelId: options.modelId, messages: nonEmpty };
  if (system.length > 0) request.system = system;
  if (tools.length > 0) {
    request.toolConfig = { tools: converseTools(tools) };
    tools.forEach((_, i) => sites.push({ path: `toolConfig.tools.${i}`, kind: 'tool', line: firstLine(analysis, 'tools') }));
    if (toolsPoint) {
      // The tools point comes first in Bedrock's order, and a 1-hour entry may not follow a 5-minute one.
      request.toolConfig.tools.push(cachePoint(anyHourPoint ? '1h' : 'default'));
      const index = analysis?.cachePoints.findIndex((p) => p.field === 'tools') ?? -1;
      sites.push({ path: `toolConfig.tools.${tools.length}`, kind: 'cachePoint', cachePointIndex: index >= 0 ? index : undefined, line: index >= 0 ? analysis!.cachePoints[index].range.start.line : undefined });
    }
  }
  const inference = inferenceConfig(config);
  if (inference) request.inferenceConfig = inference;
  if (Object.keys(config.additionalFields).length > 0) request.additionalModelRequestFields = { ...config.additionalFields };
  return { request, sites };
}

function toolSpecs(config: PromptConfig, specs: ToolSpec[]): ToolSpec[] {
  const missing = config.toolNames.filter((name) => !specs.some((s) => s.name === name));
  if (missing.length > 0) {
    throw new ConverseRequestError('tool-missing', `tools names ${missing.join(', ')} but bedrock.tools gives no spec for ${missing.length === 1 ? 'it' : 'them'}: add {name, description, inputSchema} under bedrock.tools.`);
  }
  return specs;
}

function inferenceConfig(config: PromptConfig): ConverseRequest['inferenceConfig'] {
  const { temperature, topP, maxTokens, stopSequences } = config.inference;
  const out: NonNullable<ConverseRequest['inferenceConfig']> = {};
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  if (temperature !== undefined) out.temperature = temperature;
  if (topP !== undefined) out.topP = topP;
  if (stopSequences !== undefined && stopSequences.length > 0) out.stopSequences = stopSequences;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** First line of the section's first block that starts after `afterLine` (else of its first block). */
function firstLine(analysis: BuildRequestOptions['analysis'], field: 'tools' | 'system' | 'message', messageIndex?: number, afterLine = -1): number | undefined {
  const blocks = analysis?.blocks.filter((b) => b.field === field && (messageIndex === undefined || b.messageIndex === messageIndex)) ?? [];
  return (blocks.find((b) => b.range.start.line > afterLine) ?? blocks[0])?.range.start.line;
}

/** Empty messages were dropped: shift the message numbers in the recorded paths. */
function renumberSites(sites: RequestSite[], messages: ConverseMessage[]): void {
  const newIndex: number[] = [];
  let next = 0;
  for (const m of messages) newIndex.push(m.content.length > 0 ? next++ : -1);
  for (const site of sites) {
    site.path = site.path.replace(/^messages\.(\d+)\./, (_, i: string) => `messages.${newIndex[Number(i)]}.`);
  }
}

/** The same request with every cache point removed, for "Retry without cache points". */
export function withoutCachePoints(request: ConverseRequest): ConverseRequest {
  const isPoint = (block: object) => 'cachePoint' in block;
  const copy: ConverseRequest = {
    ...request,
    messages: request.messages
      .map((m) => ({ ...m, content: m.content.filter((b) => !isPoint(b)) }))
      .filter((m) => m.content.length > 0),
  };
  if (request.system) {
    const system = request.system.filter((b) => !isPoint(b));
    if (system.length > 0) copy.system = system;
    else delete copy.system;
  }
  if (request.toolConfig) copy.toolConfig = { ...request.toolConfig, tools: request.toolConfig.tools.filter((t) => !isPoint(t)) };
  return copy;
}

/** Number of cache points anywhere in a request. */
export function countCachePoints(request: ConverseRequest): number {
  const isPoint = (block: object) => 'cachePoint' in block;
  return (request.system ?? []).filter(isPoint).length
    + request.messages.reduce((n, m) => n + m.content.filter(isPoint).length, 0)
    + (request.toolConfig?.tools ?? []).filter(isPoint).length;
}
