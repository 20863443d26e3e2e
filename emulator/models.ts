// The emulator's own model table, written from the Bedrock reference and kept apart from the
// product's catalog on purpose: the emulator is the independent party the product is tested
// against, so sharing the product's numbers would let one mistake hide itself.

export type CacheLocation = 'tools' | 'system' | 'messages';

export interface EmulatedModel {
  /** Base model ID as Bedrock lists it. */
  readonly baseId: string;
  /** Smallest cumulative prefix (in tokens) that a cache point must close to be cached; 0 = no caching. */
  readonly minCacheTokens: number;
  readonly maxCachePoints: number;
  readonly cacheLocations: readonly CacheLocation[];
  /** TTLs honoured; a model that lists only 5m but is Anthropic silently downgrades 1h (see README). */
  readonly ttls: readonly ('5m' | '1h')[];
  /** Claude 4.x on demand is only reachable through an inference profile. */
  readonly profileRequired: boolean;
  /** CountTokens answers for these models only (Claude, base IDs). */
  readonly countTokens: boolean;
}

const claudeAll: readonly CacheLocation[] = ['tools', 'system', 'messages'];
const novaPlaces: readonly CacheLocation[] = ['system', 'messages'];

function claude(baseId: string, min: number, ttls: readonly ('5m' | '1h')[], profileRequired: boolean): EmulatedModel {
  return { baseId, minCacheTokens: min, maxCachePoints: 4, cacheLocations: claudeAll, ttls, profileRequired, countTokens: true };
}
function nova(baseId: string, min: number): EmulatedModel {
  return { baseId, minCacheTokens: min, maxCachePoints: 4, cacheLocations: novaPlaces, ttls: ['5m'], profileRequired: false, countTokens: false };
}
function noCache(baseId: string, countTokens = false): EmulatedModel {
  return { baseId, minCacheTokens: 0, maxCachePoints: 0, cacheLocations: [], ttls: [], profileRequired: false, countTokens };
}

const short = ['5m'] as const;
const long = ['5m', '1h'] as const;

/** One row per model; a new model is one line. */
export const EMULATED_MODELS: readonly EmulatedModel[] = [
  claude('anthropic.claude-3-5-haiku-20241022-v1:0', 2048, short, false),
  claude('anthropic.claude-3-7-sonnet-20250219-v1:0', 1024, short, false),
  claude('anthropic.claude-sonnet-4-20250514-v1:0', 1024, short, true),
  claude('anthropic.claude-sonnet-4-5-20250929-v1:0', 1024, long, true),
  claude('anthropic.claude-haiku-4-5-20251001-v1:0', 4096, long, true),
  claude('anthropic.claude-opus-4-20250514-v1:0', 1024, short, true),
  claude('anthropic.claude-opus-4-1-20250805-v1:0', 1024, short, true),
  claude('anthropic.claude-opus-4-5-20251101-v1:0', 4096, long, true),
  claude('anthropic.claude-sonnet-4-6', 1024, long, true),
  claude('anthropic.claude-opus-4-6-v1', 4096, long, true),
  claude('anthropic.claude-opus-4-7', 4096, long, true),
  nova('amazon.nova-micro-v1:0', 1024),
  nova('amazon.nova-lite-v1:0', 1024),
  nova('amazon.nova-pro-v1:0', 1024),
  nova('amazon.nova-premier-v1:0', 1024),
  nova('amazon.nova-2-lite-v1:0', 1536),
  // Models that answer Converse but have no prompt caching.
  noCache('anthropic.claude-3-sonnet-20240229-v1:0', true),
  noCache('anthropic.claude-3-haiku-20240307-v1:0', true),
  noCache('meta.llama3-70b-instruct-v1:0'),
  noCache('meta.llama3-1-8b-instruct-v1:0'),
  noCache('mistral.mistral-large-2402-v1:0'),
];

/** Geography prefixes of system-defined cross-region inference profiles (longest first). */
export const PROFILE_PREFIXES = ['us-gov.', 'global.', 'apac.', 'us.', 'eu.', 'jp.', 'au.'] as const;

export type ModelResolution =
  | { ok: true; model: EmulatedModel; viaProfile: boolean; routedTo?: string }
  | { ok: false; reason: 'unknown' | 'profileRequired' };

const byId = new Map(EMULATED_MODELS.map((m) => [m.baseId, m]));

/**
 * Resolves what a caller put in the URL: a base ID, a profile ID (`us.` + base ID), or an ARN of a
 * foundation model or system-defined inference profile. Application profile ARNs are unknown here.
 */
/**
 * Default prompt routers pick a model per request; the emulator's routers always pick their
 * smaller model, so tests can predict it, and report it in `trace.promptRouter.invokedModelId`.
 */
const PROMPT_ROUTERS: Record<string, string> = {
  'anthropic.claude:1': 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
  'amazon.nova:1': 'us.amazon.nova-lite-v1:0',
};

export function resolveModel(rawId: string, options: { requireProfile?: boolean } = {}): ModelResolution {
  const router = /^arn:aws[\w-]*:bedrock:([\w-]*):(\d*):default-prompt-router\/(.+)$/.exec(rawId);
  if (router) {
    const target = PROMPT_ROUTERS[router[3]];
    if (!target) return { ok: false, reason: 'unknown' };
    const routed = resolveModel(target, options);
    return routed.ok ? { ...routed, routedTo: `arn:aws:bedrock:${router[1]}:${router[2]}:inference-profile/${target}` } : routed;
  }
  let id = rawId;
  const arn = /^arn:aws[\w-]*:bedrock:[\w-]*:\d*:(foundation-model|inference-profile)\/(.+)$/.exec(rawId);
  if (arn) id = arn[2];
  const prefix = PROFILE_PREFIXES.find((p) => id.startsWith(p));
  const base = prefix ? id.slice(prefix.length) : id;
  const model = byId.get(base);
  if (!model) return { ok: false, reason: 'unknown' };
  // A profile ARN names a profile even though it has no dot prefix in the ARN's type segment.
  const viaProfile = prefix !== undefined || arn?.[1] === 'inference-profile';
  if ((options.requireProfile ?? true) && model.profileRequired && !viaProfile) return { ok: false, reason: 'profileRequired' };
  return { ok: true, model, viaProfile };
}

export function supportsCaching(model: EmulatedModel): boolean {
  return model.maxCachePoints > 0;
}

export function isAnthropic(model: EmulatedModel): boolean {
  return model.baseId.startsWith('anthropic.');
}
