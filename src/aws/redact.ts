/**
 * Scrubs secrets from anything that is logged or shown: access keys, secret keys, session
 * tokens, SigV4 signatures, `Authorization` headers, Bedrock API keys, bearer tokens and
 * credentials inside URLs. Applied
 * to error causes and log lines; model prompts and outputs are not secrets and pass unchanged.
 */

const MASK = '[redacted]';

/** Object keys whose values are always secret, whatever they hold. */
const SECRET_KEYS = /^(authorization|x-amz-security-token|x-amz-signature|secretaccesskey|aws_secret_access_key|sessiontoken|aws_session_token|token|apikey|api_key|bearertoken|accesstoken|refreshtoken|clientsecret|password|credentials)$/i;

const PATTERNS: [RegExp, string][] = [
  // Authorization headers, SigV4 or bearer, up to the end of the line or the closing quote.
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n]+/gi, `$1${MASK}`],
  // Tokens are long and hold digits; the floor keeps prose like "Bearer bonds" intact.
  [/\bBearer\s+(?:(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{8,}|[A-Za-z0-9._~+/=-]{20,})/g, `Bearer ${MASK}`],
  [/(x-amz-security-token["']?\s*[:=]\s*["']?)[^"'\s,;}&]+/gi, `$1${MASK}`],
  [/(Signature=)[0-9a-f]+/gi, `$1${MASK}`],
  [/(X-Amz-(?:Signature|Security-Token|Credential)=)[^&\s"']+/gi, `$1${MASK}`],
  // Bedrock API keys: long-term keys start with ABSK, short-term ones with bedrock-api-key-.
  [/\bABSK[A-Za-z0-9+/=]{16,}/g, MASK],
  [/\bbedrock-api-key-[A-Za-z0-9+/=._-]+/g, MASK],
  // Access key IDs: keep the prefix so a user can still tell which key was used.
  [/\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{4})[A-Z0-9]{8,}\b/g, `$1…`],
  [/((?:aws_secret_access_key|secretAccessKey|aws_session_token|sessionToken)["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, `$1${MASK}`],
  [/(AWS_BEARER_TOKEN_[A-Z_]+\s*=\s*)\S+/g, `$1${MASK}`],
  // A user name and password inside a URL (a response cache's redis://user:pass@host).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"']+@/gi, `$1${MASK}@`],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Redacts a string, an Error (message and stack) or a JSON-like value; never mutates its input. */
export function redact<T>(value: T): T {
  return redactValue(value, new WeakSet()) as T;
}

function redactValue(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (value instanceof Error) {
    const copy = new Error(redactText(value.message));
    copy.name = value.name;
    copy.stack = value.stack ? redactText(value.stack) : undefined;
    return copy;
  }
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, seen));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEYS.test(key) && v !== undefined && v !== null ? MASK : redactValue(v, seen);
  }
  return out;
}
