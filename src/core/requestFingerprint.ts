/**
 * The fingerprint of a Converse request as sent: a hash per content block (media by the hash of
 * its bytes), where each cache point sits and with what TTL, and which template line, variables and
 * partials each block comes from. It never holds the prompt's text.
 */
import { createHash } from 'node:crypto';
import type { Analysis } from './analysis';
import { canonicalJson, sortKeys, withMediaDigests, type Digest } from './canonicalJson';
import type { ConverseRequest, RequestSite } from './converseTypes';
import type { FingerprintBlock, FingerprintPoint, RequestField, RequestFingerprint } from '../shared/cacheCheck';

const HASH_HEX = 24;
/** Inputs shorter than this are kept as text so a verdict can say "was …, now …". */
const SHORT_VALUE = 48;

export interface FingerprintContext {
  region: string;
  account: string;
  sites?: readonly RequestSite[];
  analysis?: Pick<Analysis, 'blocks'>;
  inputs?: Record<string, unknown>;
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_HEX);
}

const sha256: Digest = (data) => createHash('sha256').update(data).digest('hex');

/** Canonical JSON with media as the hash of its bytes. */
function blockJson(value: unknown): string {
  return canonicalJson(withMediaDigests(value, sha256));
}

/** The request as a readable JSON text for a diff: keys sorted, media bytes as their hash. */
export function requestSnapshotText(request: ConverseRequest): string {
  return JSON.stringify(sortKeys(withMediaDigests(request, sha256)), null, 2);
}

export function requestFingerprint(request: ConverseRequest, context: FingerprintContext): RequestFingerprint {
  const siteAt = new Map((context.sites ?? []).map((s) => [s.path, s]));
  const blocks: FingerprintBlock[] = [];
  const points: FingerprintPoint[] = [];
  const visit = (field: RequestField, path: string, block: Record<string, unknown>) => {
    const site = siteAt.get(path);
    if ('cachePoint' in block) {
      const ttl = (block.cachePoint as { ttl?: '5m' | '1h' }).ttl ?? '5m';
      points.push({ boundary: blocks.length, ttl, ...(site?.line !== undefined ? { line: site.line } : {}) });
      return;
    }
    blocks.push(fingerprintBlock(field, path, block, site?.line, context.analysis));
  };
  request.toolConfig?.tools.forEach((tool, i) => visit('tools', `toolConfig.tools.${i}`, tool as unknown as Record<string, unknown>));
  request.system?.forEach((block, i) => visit('system', `system.${i}`, block as unknown as Record<string, unknown>));
  request.messages.forEach((message, m) => {
    message.content.forEach((block, b) => visit('messages', `messages.${m}.content.${b}`, { role: message.role, ...block as unknown as Record<string, unknown> }));
  });
  return { version: 1, model: request.modelId, region: context.region, account: context.account, blocks, points, inputs: inputFingerprints(context.inputs ?? {}) };
}

function fingerprintBlock(field: RequestField, path: string, block: Record<string, unknown>, line: number | undefined, analysis?: Pick<Analysis, 'blocks'>): FingerprintBlock {
  const json = blockJson(block);
  const kind: FingerprintBlock['kind'] = 'toolSpec' in block ? 'tool' : 'text' in block ? 'text'
    : ('image' in block || 'document' in block || 'video' in block) ? 'media' : 'other';
  const result: FingerprintBlock = { field, path, kind, hash: hashText(json), looseHash: hashText(json.replace(/(?:\\[nrt]|\s)+/g, ' ')) };
  if (line !== undefined) result.line = line;
  if (kind === 'tool') result.toolName = String((block.toolSpec as { name?: unknown }).name ?? '');
  const source = line === undefined ? undefined : analysis?.blocks.find((b) => b.field !== 'tools' && b.range.start.line <= line && line <= b.range.end.line);
  if (source) {
    const vars: { name: string; line?: number }[] = source.changing.map((c) => ({ name: c.name, line: c.line }));
    for (const name of source.unfilled) if (!vars.some((v) => v.name === name)) vars.push({ name });
    if (vars.length > 0) result.vars = vars;
    if (source.partials.length > 0) result.partials = [...source.partials];
  }
  return result;
}

function inputFingerprints(inputs: Record<string, unknown>): RequestFingerprint['inputs'] {
  const out: RequestFingerprint['inputs'] = {};
  for (const name of Object.keys(inputs).sort()) {
    const value = inputs[name];
    const entry: { hash: string; value?: string } = { hash: hashText(blockJson(value ?? null)) };
    if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && String(value).length <= SHORT_VALUE && !/\n/.test(String(value))) {
      entry.value = String(value);
    }
    out[name] = entry;
  }
  return out;
}
