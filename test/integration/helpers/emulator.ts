// The Bedrock emulator the runner started for this run, seen through its HTTP control routes
// (emulator/README.md): what it received, and faults to inject.
export interface EmulatorRequest {
  seq: number;
  path: string;
  operation?: 'converse' | 'converse-stream' | 'count-tokens';
  modelId?: string;
  status?: number;
  outcome?: 'ok' | 'error' | 'streamException' | 'dropped' | 'stalled' | 'aborted';
  auth?: { scheme: 'sigv4'; accessKeyId: string; region: string } | { scheme: 'bearer' };
  usage?: { inputTokens?: number; outputTokens?: number; cacheReadInputTokens?: number; cacheWriteInputTokens?: number };
  faults: number[];
}

export function emulatorUrl(): string {
  const url = process.env.PROMPT_CACHE_TEST_EMULATOR_URL;
  if (!url) throw new Error('PROMPT_CACHE_TEST_EMULATOR_URL is not set: run the suite through npm run test:integration, which starts the emulator');
  return url;
}

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulatorUrl()}/_emulator/${path}`, {
    method,
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`emulator ${method} /_emulator/${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Forgets the cache, faults, recorded requests and clock changes. */
export async function resetEmulator(): Promise<void> {
  await control('POST', 'reset');
}

/** Bedrock requests received (the control routes are not recorded). */
export async function emulatorRequests(): Promise<EmulatorRequest[]> {
  return (await control('GET', 'requests')) as EmulatorRequest[];
}

export async function addFault(rule: Record<string, unknown>): Promise<void> {
  await control('POST', 'faults', rule);
}

export async function clearFaults(): Promise<void> {
  await control('DELETE', 'faults');
}
