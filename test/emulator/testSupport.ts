// Shared helpers for the emulator's tests: real SDK clients pointed at a local emulator, with
// fake static credentials and the machine's AWS config files kept out of the picture.
import { BedrockRuntimeClient, type BedrockRuntimeClientConfig, type Message } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { devNull } from 'node:os';
import type { Emulator } from '../../emulator/server';

// No profile, region or auth preference from the machine may leak into a test.
process.env.AWS_CONFIG_FILE = devNull;
process.env.AWS_SHARED_CREDENTIALS_FILE = devNull;
delete process.env.AWS_PROFILE;
delete process.env.AWS_BEARER_TOKEN_BEDROCK;
delete process.env.AWS_AUTH_SCHEME_PREFERENCE;

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIAEMULATORTEST0001', secretAccessKey: 'emulator-test-secret' };

export type TransportName = 'h2' | 'http/1.1';
export const TRANSPORTS: readonly TransportName[] = ['h2', 'http/1.1'];

export function clientFor(emulator: Emulator, transport: TransportName = 'h2', extra: Partial<BedrockRuntimeClientConfig> = {}): BedrockRuntimeClient {
  return new BedrockRuntimeClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: FAKE_CREDENTIALS,
    ...(transport === 'http/1.1' ? { requestHandler: new NodeHttpHandler() } : {}),
    ...extra,
  });
}

const encoder = new Tiktoken(cl100k);

/** The documented counting rule, applied independently of the emulator's code: cl100k on text. */
export function cl100kTokens(text: string): number {
  return encoder.encode(text, [], []).length;
}

/** The first `n` cl100k tokens of a text, decoded. */
export function firstTokens(text: string, n: number): string {
  return encoder.decode(encoder.encode(text, [], []).slice(0, n));
}

/** Per-message framing tokens, as documented in README.md. */
export const FRAMING = 3;

/** Text of exactly `n` cl100k tokens; `seed` makes distinct texts for distinct prefixes. */
export function textOfTokens(n: number, seed = 'alpha'): string {
  const text = `${seed}${' word'.repeat(n - 1)}`;
  const count = cl100kTokens(text);
  if (count !== n) throw new Error(`textOfTokens(${n}, ${seed}) gave ${count} tokens; choose another seed`);
  return text;
}

export function userMessage(...blocks: Message['content'] & object): Message {
  return { role: 'user', content: blocks };
}

export const cachePoint = (ttl?: '5m' | '1h') => ({ cachePoint: { type: 'default' as const, ...(ttl ? { ttl } : {}) } });

export const SONNET_4 = 'us.anthropic.claude-sonnet-4-20250514-v1:0';
export const SONNET_4_5 = 'global.anthropic.claude-sonnet-4-5-20250929-v1:0';
export const NOVA_PRO = 'amazon.nova-pro-v1:0';
