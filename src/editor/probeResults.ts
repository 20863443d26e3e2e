/**
 * The editor's view of the stored probe results (the same user-level file the CLI writes, see
 * src/node/probeStore.ts). Re-read only when the file changed, so every analysis can ask cheaply
 * and a probe made from the CLI shows up without a reload.
 */
import { statSync } from 'node:fs';
import type { ProbeResult } from '../core/probeResults';
import { ProbeStore } from '../node/probeStore';

let cached: { path: string; mtimeMs: number; probes: ProbeResult[] } | undefined;

export function probeStore(): ProbeStore {
  return new ProbeStore();
}

/** The stored probes; none when there is no file or it cannot be read (`onError` is told why). */
export function currentProbes(onError?: (message: string) => void): ProbeResult[] {
  const store = probeStore();
  let mtimeMs: number;
  try {
    mtimeMs = statSync(store.path).mtimeMs;
  } catch {
    cached = undefined;
    return [];
  }
  if (cached && cached.path === store.path && cached.mtimeMs === mtimeMs) return cached.probes;
  try {
    cached = { path: store.path, mtimeMs, probes: store.read() };
  } catch (error) {
    onError?.((error as Error).message);
    cached = { path: store.path, mtimeMs, probes: [] };
  }
  return cached.probes;
}
