/**
 * The one place Bedrock runtime clients are made. Clients are cached by what changes who is
 * called and as whom (profile, region, endpoint, auth, transport) and destroyed when that changes
 * or the owner goes away, so sockets and credential refreshes never leak.
 *
 * Credentials: a Bedrock API key (passed in, or AWS_BEARER_TOKEN_BEDROCK) is sent as a bearer
 * token; otherwise the standard Node provider chain with the chosen profile, which reads
 * ~/.aws/config and ~/.aws/credentials (SSO, credential_process, assume-role) and the environment.
 */
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig } from '@aws-sdk/client-bedrock-runtime';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export { DEFAULT_REGION } from '../core/promptConfig';
import { DEFAULT_REGION } from '../core/promptConfig';
export const DEFAULT_MAX_ATTEMPTS = 3;
const BEARER_ENV = 'AWS_BEARER_TOKEN_BEDROCK';

export interface ClientSettings {
  region?: string;
  profile?: string;
  /** Custom endpoint (a VPC endpoint, a proxy, or the local emulator). */
  endpoint?: string;
  /** A Bedrock API key; wins over the environment and the profile. */
  apiKey?: string;
  /** HTTP/1.1 instead of the SDK's default HTTP/2 (for proxies that do not speak HTTP/2). */
  http1?: boolean;
  /** Total attempts per call, retries included. */
  maxAttempts?: number;
  /** Delay before retry N (ms); the default backs off exponentially with jitter. */
  retryDelayMs?: (attempt: number) => number;
  /** Overrides the provider chain (tests pass fake static credentials here). */
  credentials?: BedrockRuntimeClientConfig['credentials'];
}

export type AuthKind = 'apiKey' | 'profile' | 'explicit';

export interface ClientHandle {
  client: BedrockRuntimeClient;
  region: string;
  auth: AuthKind;
  profile?: string;
}

type CreateClient = (config: BedrockRuntimeClientConfig) => BedrockRuntimeClient;

export function defaultRetryDelay(attempt: number): number {
  // Throttling clears in seconds on Bedrock; 0.5 s, 1 s, 2 s … with jitter keeps retries polite.
  const base = 500 * 2 ** Math.max(0, attempt - 1);
  return Math.min(20_000, base / 2 + Math.random() * (base / 2));
}

export class BedrockClientFactory {
  private readonly clients = new Map<string, ClientHandle>();
  private readonly identities = new WeakMap<object, number>();
  private nextIdentity = 1;

  constructor(
    private readonly create: CreateClient = (config) => new BedrockRuntimeClient(config),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  get(settings: ClientSettings = {}): ClientHandle {
    const region = settings.region || this.env.AWS_REGION || this.env.AWS_DEFAULT_REGION || DEFAULT_REGION;
    const apiKey = settings.apiKey || this.env[BEARER_ENV] || undefined;
    const auth: AuthKind = settings.credentials ? 'explicit' : apiKey ? 'apiKey' : 'profile';
    const profile = settings.profile || this.env.AWS_PROFILE || undefined;
    // The key itself never goes into the cache key: only a short fingerprint of it.
    const key = JSON.stringify([profile ?? '', region, settings.endpoint ?? '', auth, apiKey ? fingerprint(apiKey) : '', settings.http1 === true, settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, settings.credentials ? this.identity(settings.credentials) : 0]);
    const cached = this.clients.get(key);
    if (cached) return cached;
    const config: BedrockRuntimeClientConfig = {
      region,
      endpoint: settings.endpoint || undefined,
      retryStrategy: new ConfiguredRetryStrategy(settings.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, settings.retryDelayMs ?? defaultRetryDelay),
      ...(settings.http1 ? { requestHandler: new NodeHttpHandler() } : {}),
    };
    if (auth === 'explicit') config.credentials = settings.credentials;
    else if (auth === 'apiKey') {
      config.token = { token: apiKey! };
      config.authSchemePreference = ['httpBearerAuth'];
    } else {
      // ignoreCache: a client made after the user refreshed ~/.aws/credentials must read the new keys,
      // not the copy the SDK keeps for the life of the process.
      config.credentials = fromNodeProviderChain({ profile, ignoreCache: true });
      // A profile's own auth_scheme_preference must not switch an SigV4 profile to bearer.
      config.authSchemePreference = ['sigv4'];
    }
    const handle: ClientHandle = { client: this.create(config), region, auth, profile };
    this.clients.set(key, handle);
    return handle;
  }

  /** Explicit credentials are told apart by identity, never by their secret values. */
  private identity(credentials: object): number {
    let id = this.identities.get(credentials);
    if (id === undefined) { id = this.nextIdentity++; this.identities.set(credentials, id); }
    return id;
  }

  /**
   * Drops one client, e.g. after its credentials were refused: the client keeps credentials it
   * resolved once, so only a new client picks up a refreshed session or new keys.
   */
  forget(handle: ClientHandle): void {
    for (const [key, cached] of this.clients) {
      if (cached !== handle) continue;
      this.clients.delete(key);
      handle.client.destroy();
    }
  }

  /** Drops every cached client, e.g. when profile, region or endpoint settings change. */
  clear(): void {
    for (const handle of this.clients.values()) handle.client.destroy();
    this.clients.clear();
  }

  dispose(): void {
    this.clear();
  }

  get size(): number {
    return this.clients.size;
  }
}

function fingerprint(secret: string): string {
  let hash = 2166136261;
  for (let i = 0; i < secret.length; i++) hash = Math.imul(hash ^ secret.charCodeAt(i), 16777619);
  return (hash >>> 0).toString(16);
}
