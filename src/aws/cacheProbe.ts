/**
 * *Probe Prompt Caching*: what the account really gets for one model in one region. Sends
 * write-then-read pairs with unique prefixes around the catalog minimum until the smallest prefix
 * that Bedrock writes is bracketed (see core/probePlan), then one 1-hour write and one write
 * closed by a point in the tools. Sizes are taken from Bedrock's own usage counters.
 */
import { ConverseCommand, type BedrockRuntimeClient, type ConverseCommandInput, type TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import { randomBytes } from 'node:crypto';
import { callCostUSD, callTokensFromUsage } from '../core/costModel';
import type { ConverseRequest } from '../core/converseTypes';
import type { ResolvedModel } from '../core/modelResolver';
import { FEATURE_MARGIN, MinimumSearch, estimateProbe } from '../core/probePlan';
import { PROBE_QUESTION, ProbeText, systemProbe, toolsProbe } from '../core/probeRequests';
import type { ProbeResult } from '../core/probeResults';
import { loadTokenCounter } from '../core/tokenizer';
import { usageTokens } from '../core/usageMath';
import type { CacheTtl } from '../shared/usageRecord';
import { BedrockRunError, mapBedrockError } from './bedrockErrors';

export interface CacheProbeOptions {
  client: BedrockRuntimeClient;
  /** Resolved from the catalog: a model that caches (its row gives the starting minimum). */
  model: ResolvedModel;
  region: string;
  endpoint?: string;
  profile?: string;
  signal?: AbortSignal;
  /** Called before each request: what it is, and how many were sent so far of about how many. */
  onProgress?: (step: string, sent: number, planned: number) => void;
  now?: () => Date;
  nonce?: () => string;
}

export interface CacheProbeOutcome {
  result: ProbeResult;
  /** What could not be settled for sure, in plain words. */
  notes: string[];
}

interface Sent { usage: Partial<TokenUsage>; cost: number }

export async function probeCaching(options: CacheProbeOptions): Promise<CacheProbeOutcome> {
  const { client, model, region } = options;
  const row = model.row;
  if (!row || model.status !== 'caching') throw new Error(`${model.requestId} does not cache prompts according to the catalog: there is nothing to probe.`);
  const prices = model.prices ?? row.prices;
  const planned = estimateProbe(row.minTokens, prices).requests;
  const nonce = options.nonce ?? (() => randomBytes(8).toString('hex'));
  const counter = await loadTokenCounter();
  const texts = new ProbeText(counter);
  // The question plus the message's role framing, in cl100k: replaced by Bedrock's own count once known.
  const localQuestion = counter.count(PROBE_QUESTION) + 3;
  const notes: string[] = [];
  let requests = 0;
  let costUSD = 0;

  const send = async (step: string, request: ConverseRequest, ttl: CacheTtl = '5m'): Promise<Sent> => {
    options.onProgress?.(step, requests, planned);
    let response;
    try {
      response = await client.send(new ConverseCommand(request as unknown as ConverseCommandInput), { abortSignal: options.signal });
    } catch (error) {
      // A request Bedrock answered (a 400 for a refused feature, say) was sent; an abort before sending was not.
      if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode) requests++;
      throw error;
    }
    requests++;
    const usage: Partial<TokenUsage> = response.usage ?? {};
    const cost = prices ? callCostUSD(prices, callTokensFromUsage(usageTokens(usage), ttl)) : 0;
    costUSD += cost;
    return { usage, cost };
  };
  const fail = (error: unknown): never => {
    if (error instanceof BedrockRunError) throw error;
    const failure = mapBedrockError(error, { modelId: model.requestId, region, endpoint: options.endpoint, profile: options.profile, cancelled: options.signal?.aborted });
    // Requests already answered were billed: say how many, so a failed probe is not a silent cost.
    const spent = costUSD > 0 ? ` The probe stopped after ${requests} request${requests === 1 ? '' : 's'} (about $${costUSD.toFixed(4)} at catalog prices); nothing was stored.` : '';
    throw new BedrockRunError({ ...failure, message: failure.message + spent });
  };
  const refused = (error: unknown) => (error as { name?: string })?.name === 'ValidationException';

  // Bedrock's units per cl100k token of our prefix text, learned from each write; the catalog's
  // calibration factor until the first one.
  let ratio = row.tokenizerFactor;
  // Bedrock's count of the question after the prefix, learned from the uncached part of a write.
  let questionTokens: number | undefined;
  const prefixText = (bedrockTokens: number) => texts.make(nonce(), Math.max(1, Math.round(bedrockTokens / ratio)));

  const search = new MinimumSearch(row.minTokens);
  try {
    for (let target = search.next(); target !== undefined; target = search.next()) {
      const prefix = prefixText(target);
      const request = systemProbe(model.requestId, prefix.text);
      const write = await send(`write ${target.toLocaleString('en-US')} tokens`, request);
      const read = await send(`read ${target.toLocaleString('en-US')} tokens`, request);
      const written = write.usage.cacheWriteInputTokens ?? 0;
      if (written > 0) {
        ratio = written / prefix.tokens;
        questionTokens = write.usage.inputTokens ?? 0;
        if ((read.usage.cacheReadInputTokens ?? 0) === 0) notes.push(`A ${written}-token prefix was written but not read back at once.`);
        search.record({ prefixTokens: written, cached: true });
      } else {
        const total = (write.usage.inputTokens ?? 0) + (write.usage.cacheReadInputTokens ?? 0);
        // Until a write tells us the question's size, estimate it from our own count.
        const question = questionTokens ?? Math.round(localQuestion * ratio);
        const measured = Math.max(0, total - question);
        if (measured > 0 && prefix.tokens > 0) ratio = measured / prefix.tokens;
        search.record({ prefixTokens: measured, cached: false });
      }
    }
  } catch (error) {
    fail(error);
  }
  const found = search.result();
  if (found.minTokens !== null && !found.bracketed) {
    notes.push(found.largestUncached === 0
      ? `Every size tried cached, down to ${found.minTokens.toLocaleString('en-US')} tokens: the real minimum may be lower.`
      : `The minimum lies between ${found.largestUncached.toLocaleString('en-US')} and ${found.minTokens.toLocaleString('en-US')} tokens (the search stopped before narrowing it further).`);
  }

  let ttl1h = false;
  let toolsPoint = false;
  if (found.minTokens === null) {
    notes.push(`Nothing was cached up to ${found.largestUncached.toLocaleString('en-US')} tokens: the 1-hour TTL and the tools point were not tried.`);
  } else {
    const size = Math.round(found.minTokens * FEATURE_MARGIN);
    try {
      const hour = await send('1-hour TTL', systemProbe(model.requestId, prefixText(size).text, '1h'), '1h');
      const details = hour.usage.cacheDetails;
      if (details && details.length > 0) ttl1h = details.some((d) => d.ttl === '1h' && (d.inputTokens ?? 0) > 0);
      else if ((hour.usage.cacheWriteInputTokens ?? 0) > 0) {
        ttl1h = true;
        notes.push('The 1-hour point was accepted and written, but Bedrock did not split the write by TTL: whether it is kept an hour is not confirmed.');
      }
    } catch (error) {
      if (!refused(error)) fail(error);
    }
    try {
      const tools = await send('cache point in tools', toolsProbe(model.requestId, prefixText(size).text));
      toolsPoint = (tools.usage.cacheWriteInputTokens ?? 0) > 0;
      if (!toolsPoint) notes.push('A cache point in the tools was accepted but nothing was written.');
    } catch (error) {
      if (!refused(error)) fail(error);
    }
  }
  options.onProgress?.('done', requests, requests);
  return {
    result: {
      model: model.requestId, baseId: model.baseId, region, minTokens: found.minTokens, largestUncached: found.largestUncached,
      ttl1h, toolsPoint, requests, costUSD: Math.round(costUSD * 1e6) / 1e6,
      probedAt: (options.now?.() ?? new Date()).toISOString(), catalogMinTokens: row.minTokens,
    },
    notes,
  };
}
