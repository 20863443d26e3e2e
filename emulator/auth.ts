// Authentication as Bedrock checks it before anything else. The emulator cannot know a secret key,
// so it does not verify signatures; it checks what a server can check without one: the scheme,
// the credential scope, the signing date against its own clock, and the marker of an expired key.
import type { EmulatorClock } from './clock';
import { EmulatorError } from './errors';

export type AuthInfo =
  | { scheme: 'sigv4'; accessKeyId: string; region: string; service: string; signedAt: string }
  | { scheme: 'bearer'; tokenPreview: string };

const SKEW_LIMIT_MS = 5 * 60_000;

const denied = (type: string, message: string) => new EmulatorError(403, type, message);

/** `20250102T030405Z`, the SigV4 date format, which is also how Bedrock prints dates in its messages. */
export function amzDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  return m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) : undefined;
}

const expiredToken = () => denied('ExpiredTokenException', 'The security token included in the request is expired');

function checkSigV4(header: string, amzDateHeader: string | undefined, clock: EmulatorClock): AuthInfo {
  const params = new Map<string, string>();
  for (const part of header.slice('AWS4-HMAC-SHA256'.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) params.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const missing = ['Credential', 'Signature', 'SignedHeaders'].filter((p) => !params.get(p));
  if (missing.length > 0) {
    throw denied('IncompleteSignatureException', missing.map((p) => `Authorization header requires '${p}' parameter.`).join(' '));
  }
  const [accessKeyId, _day, region, service] = (params.get('Credential') ?? '').split('/');
  if (service !== 'bedrock') {
    throw denied('InvalidSignatureException', "Credential should be scoped to correct service: 'bedrock'. ");
  }
  if (!amzDateHeader) {
    throw denied('IncompleteSignatureException', "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }
  const signedAt = parseAmzDate(amzDateHeader);
  if (signedAt === undefined) throw denied('IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDateHeader}'.`);
  const now = clock.wallClock();
  // Bedrock's wording, which the SDK matches ("Signature expired") to decide on a retry.
  if (signedAt < now - SKEW_LIMIT_MS) {
    throw denied('InvalidSignatureException', `Signature expired: ${amzDateHeader} is now earlier than ${amzDate(now - SKEW_LIMIT_MS)} (${amzDate(now)} - 5 min.)`);
  }
  if (signedAt > now + SKEW_LIMIT_MS) {
    throw denied('InvalidSignatureException', `Signature not yet current: ${amzDateHeader} is still later than ${amzDate(now + SKEW_LIMIT_MS)} (${amzDate(now)} + 5 min.)`);
  }
  if (accessKeyId.startsWith('EXPIRED')) throw expiredToken();
  return { scheme: 'sigv4', accessKeyId, region, service, signedAt: amzDateHeader };
}

/** Returns who signed the request, or throws the 403 Bedrock would answer with. */
export function checkAuth(headers: Record<string, string | string[] | undefined>, clock: EmulatorClock): AuthInfo {
  const raw = headers['authorization'];
  const header = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (header.startsWith('AWS4-HMAC-SHA256')) {
    const date = headers['x-amz-date'];
    return checkSigV4(header, Array.isArray(date) ? date[0] : date, clock);
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) {
    if (bearer[1].toLowerCase().startsWith('expired')) throw expiredToken();
    return { scheme: 'bearer', tokenPreview: `${bearer[1].slice(0, 4)}…` };
  }
  if (header === '') throw denied('MissingAuthenticationTokenException', 'Missing Authentication Token');
  throw denied('IncompleteSignatureException', `Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${header.split(/\s/)[0]}`);
}
