/**
 * Exact token counts from Bedrock's free CountTokens operation: the whole request and the prefix
 * at the end of every block, in Bedrock's order (tools → system → messages), so cache points can
 * be checked against the model's minimum with real numbers. CountTokens takes base model IDs only
 * and answers for Claude, not Nova; every other case comes back as a typed reason to fall back to
 * the local estimate. Results are cached by a hash of what was counted.
 */
import { CountTokensCommand, type BedrockRuntimeClient, type CountTokensCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { createHash } from 'node:crypto';
import type { ConverseContentBlock, ConverseMessage, ConverseRequest, RequestSite } from '../core/converseTypes';
import { withoutCachePoints } from '../core/converseRequest';
import type { ResolvedModel } from '../core/modelResolver';
import { mapBedrockError, type BedrockFailure } from './bedrockErrors';

export type CountFallbackReason =
  | 'arnModel' | 'unknownModel' | 'modelCannotCount' | 'notSupportedHere' | 'accessDenied' | 'credentials' | 'network' | 'throttled' | 'cancelled' | 'error';

export interface PrefixCount {
  /** Request path of the block (`system.0`, `messages.1.content.2`, `toolConfig.tools`). */
  path: string;
  kind: RequestSite['kind'];
  line?: number;
  cachePointIndex?: number;
  /** Tokens from the start of the request to the end of this block (for a cache point: before it). */
  prefixTokens: number;
}

export type ExactCount =
  | { ok: true; baseModelId: string; totalTokens: number; prefixes: PrefixCount[]; calls: number }
  | { ok: false; reason: CountFallbackReason; message: string; failure?: BedrockFailure };

/** Counts already answered, keyed by content hash; shared across documents and runs. */
export class CountCache {
  private readonly map = new Map<string, number>();
  constructor(private readonly limit = 5000) {}
  get(key: string): number | undefined { return this.map.get(key); }
  set(key: string, value: number): void {
    if (this.map.size >= this.limit) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
}

type CountInput = { messages: ConverseMessage[]; system?: ConverseRequest['system']; toolConfig?: ConverseRequest['toolConfig'] };

/** Stands in for the messages a tools- or system-only prefix lacks; its own count is subtracted. */
const PLACEHOLDER: ConverseMessage = { role: 'user', content: [{ text: '.' }] };

function hashOf(modelId: string, input: CountInput): string {
  const json = JSON.stringify(input, (_key, value: unknown) =>
    value instanceof Uint8Array ? `sha256:${createHash('sha256').update(value).digest('hex')}` : value);
  return createHash('sha256').update(modelId).update('\u0000').update(json).digest('hex');
}

export interface CountOptions {
  cache?: CountCache;
  signal?: AbortSignal;
  sites?: readonly RequestSite[];
  region?: string;
  /** Count only the whole request (one call), not every block's prefix. */
  totalOnly?: boolean;
}

function fallbackReason(failure: BedrockFailure): CountFallbackReason {
  switch (failure.kind) {
    case 'validation': return /doesn.t support counting tokens/i.test(failure.cause) ? 'modelCannotCount' : 'error';
    case 'accessDenied': return 'accessDenied';
    case 'modelNotFound': return 'notSupportedHere';
    case 'credentialsExpired': case 'ssoExpired': case 'credentialsMissing': case 'credentialsInvalid': return 'credentials';
    case 'network': case 'timeout': return 'network';
    case 'throttled': return 'throttled';
    case 'cancelled': return 'cancelled';
    default: return /UnknownOperation|not supported in this region/i.test(failure.cause) ? 'notSupportedHere' : 'error';
  }
}

export async function countTokensExact(client: BedrockRuntimeClient, request: ConverseRequest, model: ResolvedModel, options: CountOptions = {}): Promise<ExactCount> {
  if (model.isArn) return { ok: false, reason: 'arnModel', message: 'CountTokens needs a base model ID; an ARN cannot be mapped to one without a catalog override.' };
  if (!model.row) return { ok: false, reason: 'unknownModel', message: `${model.requestId} is not in the model catalog: counts stay estimates.` };
  if (!model.row.countTokens) return { ok: false, reason: 'modelCannotCount', message: `${model.row.name} does not support CountTokens: counts stay estimates.` };
  const baseModelId = model.baseId;
  const cache = options.cache ?? new CountCache();
  let calls = 0;
  const count = async (input: CountInput): Promise<number> => {
    const key = hashOf(baseModelId, input);
    const known = cache.get(key);
    if (known !== undefined) return known;
    calls++;
    const body = { modelId: baseModelId, input: { converse: input } } as unknown as CountTokensCommandInput;
    const answer = await client.send(new CountTokensCommand(body), { abortSignal: options.signal });
    const tokens = answer.inputTokens ?? 0;
    cache.set(key, tokens);
    return tokens;
  };

  const plain = withoutCachePoints(request);
  try {
    const totalTokens = await count({ messages: plain.messages, system: plain.system, toolConfig: plain.toolConfig });
    if (options.totalOnly) return { ok: true, baseModelId, totalTokens, prefixes: [], calls };
    const prefixes = await blockPrefixes(request, options.sites ?? [], count);
    return { ok: true, baseModelId, totalTokens, prefixes, calls };
  } catch (error) {
    const failure = mapBedrockError(error, { modelId: baseModelId, region: options.region ?? '', cancelled: options.signal?.aborted });
    return { ok: false, reason: fallbackReason(failure), message: failure.message, failure };
  }
}

async function blockPrefixes(request: ConverseRequest, sites: readonly RequestSite[], count: (input: CountInput) => Promise<number>): Promise<PrefixCount[]> {
  const siteAt = (path: string) => sites.find((s) => s.path === path);
  const out: PrefixCount[] = [];
  let last = 0;
  const point = (path: string) => {
    const site = siteAt(path);
    out.push({ path, kind: 'cachePoint', line: site?.line, cachePointIndex: site?.cachePointIndex, prefixTokens: last });
  };
  const tools = (request.toolConfig?.tools ?? []).filter((t) => !('cachePoint' in t));
  const placeholder = tools.length > 0 || (request.system ?? []).some((b) => !('cachePoint' in b)) ? await count({ messages: [PLACEHOLDER] }) : 0;
  (request.toolConfig?.tools ?? []).forEach((tool, i) => { if ('cachePoint' in tool) point(`toolConfig.tools.${i}`); });
  if (tools.length > 0) {
    last = (await count({ messages: [PLACEHOLDER], toolConfig: { tools } })) - placeholder;
    out.splice(0, 0, { path: 'toolConfig.tools', kind: 'tools', line: siteAt('toolConfig.tools.0')?.line, prefixTokens: last });
    out.forEach((p) => { if (p.kind === 'cachePoint') p.prefixTokens = last; });
  }
  const toolConfig = tools.length > 0 ? { tools } : undefined;
  const system = request.system ?? [];
  for (let i = 0; i < system.length; i++) {
    if ('cachePoint' in system[i]) { point(`system.${i}`); continue; }
    const kept = system.slice(0, i + 1).filter((b) => !('cachePoint' in b));
    last = (await count({ messages: [PLACEHOLDER], system: kept, toolConfig })) - placeholder;
    out.push({ path: `system.${i}`, kind: siteAt(`system.${i}`)?.kind ?? 'text', line: siteAt(`system.${i}`)?.line, prefixTokens: last });
  }
  const plainSystem = system.filter((b) => !('cachePoint' in b));
  for (let m = 0; m < request.messages.length; m++) {
    const content = request.messages[m].content;
    for (let b = 0; b < content.length; b++) {
      const path = `messages.${m}.content.${b}`;
      if ('cachePoint' in content[b]) { point(path); continue; }
      const messages: ConverseMessage[] = request.messages.slice(0, m).map(stripPoints).filter((x) => x.content.length > 0);
      messages.push({ role: request.messages[m].role, content: content.slice(0, b + 1).filter((x) => !('cachePoint' in x)) });
      last = await count({ messages, system: plainSystem.length > 0 ? plainSystem : undefined, toolConfig });
      out.push({ path, kind: siteAt(path)?.kind ?? 'text', line: siteAt(path)?.line, prefixTokens: last });
    }
  }
  return out;
}

function stripPoints(message: ConverseMessage): ConverseMessage {
  return { role: message.role, content: message.content.filter((b: ConverseContentBlock) => !('cachePoint' in b)) };
}
