/**
 * Compares prompts as they are now with the prefix lock: which locked cache points no longer
 * close the same prefix, the first template line that differs, and what re-warming costs — the
 * write premium (write price − input price) on the prefix, the one-time extra every caller pays
 * until the new prefix is cached. Content after the last point never shows: it is in no prefix.
 */
import type { ModelRow } from './modelCatalog';
import { MODEL_CATALOG } from './modelCatalog';
import { resolveModel } from './modelResolver';
import { writePrice } from './costModel';
import { firstDifference } from './prefixFingerprints';
import { lockedFingerprints, type LockedPrompt, type PrefixLock } from './prefixLock';

export interface ChangedPoint {
  file: string;
  cachePointLine: number;
  firstChangedLine: number;
  prefixTokens: number;
  rewarmCostUSD: number;
  /** What changed first: the tools list, a template line, or the model. */
  block: 'tools' | 'text' | 'model';
  /** False when the model has no price in the catalog (the cost is then 0, not a guess). */
  priced: boolean;
}

export interface PromptListed {
  file: string;
  cachePoints: number;
}

export interface PromptError {
  file: string;
  message: string;
}

export interface LockCheck {
  ok: boolean;
  changed: ChangedPoint[];
  added: PromptListed[];
  removed: PromptListed[];
  errors: PromptError[];
}

export interface CurrentPrompt {
  entry: LockedPrompt;
  /** 1-based line of `model:`, where a model change is reported. */
  modelLine: number;
}

export interface CompareOptions {
  /** True for a locked path the check covers (the paths given on the command line). */
  inScope: (file: string) => boolean;
  strict?: boolean;
  catalog?: readonly ModelRow[];
  errors?: PromptError[];
}

export function compareWithLock(lock: PrefixLock, current: ReadonlyMap<string, CurrentPrompt>, options: CompareOptions): LockCheck {
  const changed: ChangedPoint[] = [];
  const added: PromptListed[] = [];
  const removed: PromptListed[] = [];
  const errors = options.errors ?? [];
  const failed = new Set(errors.map((e) => e.file));
  for (const file of [...current.keys()].sort()) {
    const now = current.get(file)!;
    const locked = lock.prompts[file];
    if (!locked) added.push({ file, cachePoints: now.entry.cachePoints.length });
    else changed.push(...changedPoints(file, locked, now, options.catalog ?? MODEL_CATALOG));
  }
  for (const file of Object.keys(lock.prompts).sort()) {
    if (!current.has(file) && !failed.has(file) && options.inScope(file)) removed.push({ file, cachePoints: lock.prompts[file].cachePoints.length });
  }
  const ok = changed.length === 0 && errors.length === 0 && (!options.strict || (added.length === 0 && removed.length === 0));
  return { ok, changed, added, removed, errors };
}

function changedPoints(file: string, locked: LockedPrompt, now: CurrentPrompt, catalog: readonly ModelRow[]): ChangedPoint[] {
  const current = now.entry;
  const hashes = new Set(current.cachePoints.map((p) => p.hash));
  const modelChanged = locked.model !== current.model;
  const prices = resolveModel(current.model, catalog).prices;
  const out: ChangedPoint[] = [];
  locked.cachePoints.forEach((lockedPoint, i) => {
    if (!modelChanged && hashes.has(lockedPoint.hash)) return;
    // The point that now sits where this one was: same position in prefix order.
    const counterpart = current.cachePoints[i] ?? current.cachePoints.at(-1);
    const cachePointLine = counterpart?.line ?? lockedPoint.line;
    const prefixTokens = counterpart?.prefixTokens ?? lockedPoint.prefixTokens;
    let firstChangedLine = cachePointLine;
    let block: ChangedPoint['block'] = 'text';
    if (modelChanged) {
      firstChangedLine = now.modelLine;
      block = 'model';
    } else {
      const first = firstDifference(lockedFingerprints(locked), lockedFingerprints(current));
      if (first && first.line <= cachePointLine) {
        firstChangedLine = first.line;
        block = first.kind;
      }
    }
    const ttl = counterpart?.ttl ?? lockedPoint.ttl;
    const premium = prices ? Math.max(0, writePrice(prices, ttl) - prices.input) : 0;
    out.push({
      file, cachePointLine, firstChangedLine, prefixTokens,
      rewarmCostUSD: Math.round(prefixTokens * premium) / 1e6,
      block, priced: prices !== undefined,
    });
  });
  return out;
}

/** How one cache point of the prompt as it is now stands against the lock (for the editor's lens). */
export interface PointStatus {
  /** 1-based template line of the point now. */
  line: number;
  state: 'unchanged' | 'changed' | 'new' | 'unlocked';
  rewarmCostUSD: number;
  priced: boolean;
  /** For a changed point: the first line that differs. */
  firstChangedLine?: number;
}

export function pointStatuses(locked: LockedPrompt | undefined, now: CurrentPrompt, catalog: readonly ModelRow[] = MODEL_CATALOG): PointStatus[] {
  const points = now.entry.cachePoints;
  if (!locked) return points.map((p) => ({ line: p.line, state: 'unlocked', rewarmCostUSD: 0, priced: false }));
  const changed = changedPoints('', locked, now, catalog);
  const lockedHashes = new Set(locked.cachePoints.map((p) => p.hash));
  return points.map((p) => {
    if (locked.model === now.entry.model && lockedHashes.has(p.hash)) return { line: p.line, state: 'unchanged', rewarmCostUSD: 0, priced: true };
    const c = changed.find((x) => x.cachePointLine === p.line);
    if (c) return { line: p.line, state: 'changed', rewarmCostUSD: c.rewarmCostUSD, priced: c.priced, firstChangedLine: c.firstChangedLine };
    // Not a locked prefix that moved: a point added since the lock (its first write is expected).
    return { line: p.line, state: 'new', rewarmCostUSD: 0, priced: false };
  });
}

export function lockLensTitle(status: PointStatus): string {
  switch (status.state) {
    case 'unchanged': return '$(lock) unchanged since lock';
    case 'new': return '$(unlock) new since lock';
    case 'unlocked': return '$(unlock) not in the lock';
    case 'changed': {
      const cost = !status.priced ? 'price unknown' : status.rewarmCostUSD >= 0.01 ? `$${status.rewarmCostUSD.toFixed(2)}` : `$${status.rewarmCostUSD.toFixed(4)}`;
      return `$(warning) changed since lock${status.firstChangedLine ? ` (from line ${status.firstChangedLine})` : ''}: re-warm ≈ ${cost}`;
    }
  }
}
