// Asks the command-line runner about the workbench page, which the extension API cannot see into
// (a webview's DOM). The protocol is in scripts/integration/probes.ts: one log line out, one JSON
// file back. Desktop runs have no runner watching the page: there the probe is unavailable.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PictureProbe, PressProbe, ProbeAnswer, UsageCardAnswer, UsageCardProbe } from '../../../scripts/integration/probes';
import { fileAppears } from './wait';

const PROBE_PREFIX = 'integration probe ';

export function probesAvailable(): boolean {
  return Boolean(process.env.PROMPT_CACHE_TEST_PROBE_DIR);
}

type Request = Omit<UsageCardProbe, 'id'> | Omit<PictureProbe, 'id'> | Omit<PressProbe, 'id'>;

async function ask<T>(request: Request, timeoutMs: number): Promise<T> {
  const dir = process.env.PROMPT_CACHE_TEST_PROBE_DIR;
  if (!dir) throw new Error('no runner is watching the workbench page (PROMPT_CACHE_TEST_PROBE_DIR is not set)');
  const id = randomUUID();
  const file = join(dir, `${id}.json`);
  // Watch before asking, so a quick answer is not missed; the runner's own wait is shorter.
  const answered = fileAppears(file, timeoutMs + 10_000);
  console.log(PROBE_PREFIX + JSON.stringify({ ...request, id, timeoutMs }));
  await answered;
  const answer = JSON.parse(readFileSync(file, 'utf8')) as ProbeAnswer<T>;
  if (!answer.ok) throw new Error(`the runner could not answer: ${answer.error}`);
  return answer.answer;
}

/** The usage card of `runId` as the panel's webview renders it: every data-field's text. */
export function usageCardOnScreen(runId: string, timeoutMs = 15_000): Promise<UsageCardAnswer> {
  return ask<UsageCardAnswer>({ kind: 'usageCard', runId }, timeoutMs);
}


/** A picture of the workbench now, into test-output/moments/<name>.png; resolves with its path. */
export async function picture(name: string, viewport?: { width: number; height: number }): Promise<string> {
  return (await ask<{ path: string }>({ kind: 'picture', name, viewport }, 20_000)).path;
}

/** Presses keys in the workbench page, as a user at the keyboard would. */
export async function press(...keys: string[]): Promise<void> {
  await ask<{ pressed: string[] }>({ kind: 'press', keys }, 10_000);
}
