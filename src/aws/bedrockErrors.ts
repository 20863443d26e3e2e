/**
 * Turns whatever a Bedrock call threw into one specific, actionable failure: what went wrong in
 * the user's terms, what to do about it, and the redacted cause for the log. `cacheUnsupported`
 * lets callers offer "Retry without cache points".
 */
import type { RequestSite } from '../core/converseTypes';
import { PROFILE_PREFIXES } from '../core/modelCatalog';
import { redactText } from './redact';

export type FailureKind =
  | 'accessDenied' | 'profileRequired' | 'modelNotFound' | 'throttled' | 'validation' | 'cacheUnsupported'
  | 'credentialsExpired' | 'ssoExpired' | 'credentialsMissing' | 'credentialsInvalid' | 'network' | 'timeout'
  | 'streamBroken' | 'cancelled' | 'serviceError' | 'unknown';

export interface BedrockFailure {
  kind: FailureKind;
  /** User-facing: what happened and what to do. */
  message: string;
  /** Redacted `Name: message` of the underlying error, for the log. */
  cause: string;
  errorName?: string;
  status?: number;
  /** Attempts the SDK made (retries included). */
  attempts?: number;
  /** `profileRequired`: inference profile IDs to offer instead. */
  suggestedModelIds?: string[];
  /** `accessDenied`: the region's model access page. */
  consoleUrl?: string;
  /** `validation`: the request block the message names, mapped back to the file. */
  site?: RequestSite;
}

export interface FailureContext {
  modelId: string;
  region: string;
  profile?: string;
  auth?: 'apiKey' | 'profile' | 'explicit';
  endpoint?: string;
  sites?: readonly RequestSite[];
  /** Output had started streaming when the error came. */
  midStream?: boolean;
  cancelled?: boolean;
  timedOut?: boolean;
}

/** A Bedrock failure carried as an exception, where a caller (the probe) stops at the first one. */
export class BedrockRunError extends Error {
  constructor(readonly failure: BedrockFailure) {
    super(failure.message);
    this.name = 'BedrockRunError';
  }
}

type ErrorLike = { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number; attempts?: number }; $fault?: string };

export function modelAccessUrl(region: string): string {
  return `https://${region}.console.aws.amazon.com/bedrock/home?region=${region}#/modelaccess`;
}

/** The inference profiles to offer for a bare base ID: the region's geography, then global. */
export function profileSuggestions(modelId: string, region: string): string[] {
  const bare = PROFILE_PREFIXES.reduce((id, p) => (id.startsWith(`${p}.`) ? id.slice(p.length + 1) : id), modelId);
  const geography = region.startsWith('us-gov') ? 'us-gov' : region.startsWith('us-') ? 'us' : region.startsWith('eu-') ? 'eu'
    : region.startsWith('ap-northeast-1') ? 'jp' : region.startsWith('ap-southeast-2') ? 'au' : region.startsWith('ap-') ? 'apac'
    : region.startsWith('ca-') ? 'ca' : 'us';
  return [...new Set([`${geography}.${bare}`, `global.${bare}`])];
}

const NETWORK_CODES = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EPIPE|ERR_HTTP2_[A-Z_]+|ERR_STREAM_PREMATURE_CLOSE)$/;

/** Finds the request block a validation message names (`messages.1.content.2`, `#/system/3`). */
export function siteNamedIn(text: string, sites: readonly RequestSite[] = []): RequestSite | undefined {
  const match = /(?:#\/)?(toolConfig[./]tools|system|messages)((?:[./]\w+)+)/.exec(text);
  if (!match) return undefined;
  const path = `${match[1]}${match[2]}`.replace(/\//g, '.');
  let best: RequestSite | undefined;
  for (const site of sites) {
    if ((path === site.path || path.startsWith(`${site.path}.`)) && (!best || site.path.length > best.path.length)) best = site;
  }
  // A message named as a whole (`messages.1`): its first block, preferring a cache point in it.
  const inside = sites.filter((s) => s.path.startsWith(`${path}.`));
  return best ?? inside.find((s) => s.kind === 'cachePoint') ?? inside[0];
}

function where(site: RequestSite | undefined): string {
  if (!site) return '';
  const line = site.line !== undefined ? ` on line ${site.line + 1}` : '';
  return site.kind === 'cachePoint' ? ` (the {{cachePoint}}${line}, request ${site.path})` : ` (request ${site.path}${line})`;
}

export function mapBedrockError(error: unknown, ctx: FailureContext): BedrockFailure {
  const e = (error ?? {}) as ErrorLike;
  const name = e.name ?? 'Error';
  const text = typeof e.message === 'string' ? e.message : String(error);
  const base = {
    cause: redactText(`${name}: ${text}`), errorName: name, status: e.$metadata?.httpStatusCode, attempts: e.$metadata?.attempts,
  };
  const fail = (kind: FailureKind, message: string, extra: Partial<BedrockFailure> = {}): BedrockFailure => ({ kind, message, ...base, ...extra });
  const profileHint = ctx.profile ? ` --profile ${ctx.profile}` : '';

  if (ctx.timedOut) return fail('timeout', `Bedrock stopped answering (no data for too long)${ctx.midStream ? '; the output so far is kept and the run is marked incomplete' : ''}. Try again, or check the network.`);
  if (ctx.cancelled || name === 'AbortError') return fail('cancelled', ctx.midStream ? 'Run cancelled; the output so far is kept and the run is marked incomplete.' : 'Run cancelled.');

  if (/unsupported model or your request did not allow prompt caching/i.test(text)) {
    return fail('cacheUnsupported', `${ctx.modelId} does not support prompt caching (Bedrock refused the request because it has cache points). Retry without cache points, or choose a model that caches.`);
  }
  if (/extraneous key \[cachePoint\]/i.test(text)) {
    const site = siteNamedIn(text, ctx.sites);
    const tools = site?.path.startsWith('toolConfig') || /toolConfig|tools/i.test(text);
    return fail('cacheUnsupported', tools
      ? `${ctx.modelId} does not take a cache point after the tool definitions (Nova caches system and messages only): remove \`cache.tools: true\`, or retry without cache points.`
      : `${ctx.modelId} does not accept a cache point here${where(site)}: move it, or retry without cache points.`, { site });
  }
  if (/Extended TTL prompt caching is only supported/i.test(text) || /\bttl\b.*not supported/i.test(text)) {
    return fail('cacheUnsupported', `${ctx.modelId} does not support the 1-hour cache TTL: use {{cachePoint}} without ttl="1h", or retry without cache points.`);
  }

  if (/SSO session .*(expired|invalid)|aws sso login|SSO.*token.*expired|Token is expired/i.test(text)) {
    return fail('ssoExpired', `The AWS SSO session${ctx.profile ? ` of profile "${ctx.profile}"` : ''} has expired. Run \`aws sso login${profileHint}\`, then try again.`);
  }
  if (name === 'ExpiredTokenException' || /security token included in the request is expired/i.test(text) || /ExpiredToken/i.test(name)) {
    return fail('credentialsExpired', ctx.auth === 'apiKey'
      ? 'The Bedrock API key has expired: create a new key, or unset it to use your AWS profile.'
      : `The AWS credentials${ctx.profile ? ` of profile "${ctx.profile}"` : ''} have expired. For an SSO profile run \`aws sso login${profileHint}\`; otherwise refresh the credentials and try again.`);
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|Unable to load credentials|credential_process/i.test(text)) {
    return fail('credentialsMissing', `No AWS credentials could be loaded${ctx.profile ? ` for profile "${ctx.profile}"` : ''}: ${redactText(text)} Configure a profile (\`aws configure${profileHint}\` or \`aws configure sso${profileHint}\`), or set a Bedrock API key.`);
  }
  if (/^(UnrecognizedClientException|InvalidSignatureException|IncompleteSignatureException|MissingAuthenticationTokenException|InvalidClientTokenId|SignatureDoesNotMatch)$/.test(name)) {
    const clock = /Signature (expired|not yet current)/i.test(text) ? ' Your computer\'s clock looks wrong: the request\'s time is more than 5 minutes off.' : '';
    return fail('credentialsInvalid', `Bedrock did not accept the credentials (${name}).${clock} Check the profile${ctx.profile ? ` "${ctx.profile}"` : ''} or the API key.`);
  }

  if (name === 'AccessDeniedException') {
    const url = modelAccessUrl(ctx.region);
    return fail('accessDenied', `Access denied to ${ctx.modelId} in ${ctx.region}: ${text} Make sure model access is enabled for this model (${url}) and that your identity may call bedrock:InvokeModelWithResponseStream.`, { consoleUrl: url });
  }
  if (name === 'ValidationException' && /on-demand throughput isn.t supported|inference profile/i.test(text)) {
    const suggestions = profileSuggestions(ctx.modelId, ctx.region);
    return fail('profileRequired', `${ctx.modelId} must be called through an inference profile. Use ${suggestions.map((s) => `"${s}"`).join(' or ')} as the model.`, { suggestedModelIds: suggestions });
  }
  if (name === 'ResourceNotFoundException') {
    return fail('modelNotFound', `Bedrock does not know the model "${ctx.modelId}" in ${ctx.region}: check the ID, or pick a region where the model is offered.`);
  }
  if (/^(ThrottlingException|ServiceQuotaExceededException|ModelNotReadyException|TooManyRequestsException)$/.test(name) || e.$metadata?.httpStatusCode === 429) {
    const attempts = e.$metadata?.attempts;
    return fail('throttled', `Bedrock throttled the request${ctx.midStream ? ' mid-stream (the output so far is kept)' : attempts ? ` after ${attempts} attempt${attempts > 1 ? 's' : ''}` : ''}. Wait a moment and run again, use a cross-region inference profile, or ask for a higher quota.`);
  }
  if (name === 'ValidationException') {
    const site = siteNamedIn(text, ctx.sites);
    const points = /maximum of (\d+) blocks with cache_control/i.exec(text);
    if (points) return fail('validation', `Too many cache points: Bedrock allows ${points[1]} per request. Remove some {{cachePoint}} markers (or cache.tools). Bedrock said: ${text}`, { site });
    if (/ttl='1h' must not come after/i.test(text) || /1h.*after.*5m/i.test(text)) {
      return fail('validation', `A 1-hour cache point must come before every 5-minute one (order: tools, system, messages). Bedrock said: ${text}`, { site });
    }
    return fail('validation', `Bedrock rejected the request${where(site)}: ${text}`, { site });
  }

  // Over HTTP/2 a refused connection surfaces as ERR_HTTP2_STREAM_CANCEL caused by ECONNREFUSED: name the cause.
  const causeCode = (e as { cause?: { code?: unknown } }).cause?.code;
  const code = (typeof causeCode === 'string' && NETWORK_CODES.test(causeCode) ? causeCode : e.code) ?? '';
  if (ctx.midStream) {
    return fail('streamBroken', `The response stream broke after output had started (${name}: ${text}); the output so far is kept and the run is marked incomplete.`);
  }
  if (NETWORK_CODES.test(code) || NETWORK_CODES.test(name) || name === 'TimeoutError' || /socket hang up|ECONNREFUSED|getaddrinfo|network/i.test(text)) {
    return fail('network', `Could not reach Bedrock${ctx.endpoint ? ` at ${ctx.endpoint}` : ` in ${ctx.region}`} (${code || name}). Check the network, a proxy, or the endpoint setting.`);
  }
  if (/^(InternalServerException|ServiceUnavailableException|ModelTimeoutException|ModelErrorException|ModelStreamErrorException)$/.test(name) || e.$fault === 'server') {
    return fail('serviceError', `Bedrock failed to answer (${name}): ${text} Try again in a moment.`);
  }
  return fail('unknown', `The Bedrock call failed: ${redactText(text)}`);
}
