/**
 * Why did this run miss the cache? From the earlier runs' fingerprints, the cache entries Bedrock
 * should still hold (sliding TTL, model minimum, the ~20-block lookback), the read to expect, and —
 * when Bedrock read less — the first reason on the way: a block of the prefix that changed (and the
 * variable, partial, tool or media behind it), an expired entry, another model, region or profile.
 */
import type { CacheCheck, CacheReason, FingerprintBlock, FingerprintPoint, RequestFingerprint } from '../shared/cacheCheck';
import type { CachePointOutcome } from '../shared/usageRecord';
import { hashText } from './requestFingerprint';
import { describeBlockChange } from './cacheChange';
import { formatTokens } from '../shared/numberFormat';

/** Content blocks before a cache point where Bedrock still finds an entry (about 20). */
export const LOOKBACK_BLOCKS = 20;
const TTL_MS = { '5m': 5 * 60_000, '1h': 60 * 60_000 } as const;

/** One run as the diagnosis sees it. */
export interface ObservedRun {
  fingerprint: RequestFingerprint;
  startedAt: string;
  usage: { cacheReadInputTokens: number; cacheWriteInputTokens: number };
  /** The record's cache-point outcomes (prefix estimates and read/written status), matched by line. */
  cachePoints: readonly CachePointOutcome[];
}

interface Entry {
  chain: string;
  boundary: number;
  tokens: number;
  ttl: '5m' | '1h';
  lastUse: number;
  line?: number;
}

/** Hash of the prefix before each boundary: chain[i] covers blocks[0..i). */
function prefixChain(blocks: readonly FingerprintBlock[]): string[] {
  const chain = [''];
  for (const block of blocks) chain.push(hashText(`${chain[chain.length - 1]}|${block.hash}`));
  return chain;
}

const baseModel = (id: string) => id.replace(/^(us|eu|apac|jp|au|ca|us-gov|global)\./, '');
/** Entries are per base model, region and account: two inference profiles of one model in one region share them. */
const sameCache = (a: RequestFingerprint, b: RequestFingerprint) => baseModel(a.model) === baseModel(b.model) && a.region === b.region && a.account === b.account;

function outcomeOf(run: ObservedRun, point: FingerprintPoint): CachePointOutcome | undefined {
  return run.cachePoints.find((o) => o.line === point.line) ?? undefined;
}

/** Entries the earlier runs left, latest use first wins (a read or a write restarts the TTL). */
function liveEntries(earlier: readonly ObservedRun[], current: RequestFingerprint): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  for (const run of [...earlier].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))) {
    if (!sameCache(run.fingerprint, current)) continue;
    const chain = prefixChain(run.fingerprint.blocks);
    const scale = observedScale(run);
    for (const point of run.fingerprint.points) {
      const outcome = outcomeOf(run, point);
      if (!outcome || outcome.status === 'not-cached') continue;
      entries.set(chain[point.boundary], { chain: chain[point.boundary], boundary: point.boundary, tokens: Math.round(outcome.prefixTokens * scale), ttl: point.ttl, lastUse: Date.parse(run.startedAt), line: point.line });
    }
  }
  return entries;
}

/**
 * Bedrock's units over our estimates for one run: its longest cached point holds exactly what it
 * read plus what it wrote, so the expected read is said in the numbers Bedrock reports.
 */
function observedScale(run: ObservedRun): number {
  const cached = run.cachePoints.filter((p) => p.status !== 'not-cached');
  const longest = Math.max(0, ...cached.map((p) => p.prefixTokens));
  const observed = run.usage.cacheReadInputTokens + run.usage.cacheWriteInputTokens;
  return longest > 0 && observed > 0 ? observed / longest : 1;
}

const reachable = (entry: Entry, points: readonly FingerprintPoint[]) => points.some((p) => p.boundary >= entry.boundary && p.boundary - entry.boundary <= LOOKBACK_BLOCKS);

export interface DiagnosisOptions {
  /** The model's minimum tokens per cache point (probed or from the catalog). */
  minTokens?: number;
}

export function diagnoseRun(current: ObservedRun, earlier: readonly ObservedRun[], options: DiagnosisOptions = {}): CacheCheck {
  const fp = current.fingerprint;
  const readTokens = current.usage.cacheReadInputTokens;
  const now = Date.parse(current.startedAt);
  const chain = prefixChain(fp.blocks);
  const usable = [...liveEntries(earlier, fp).values()].filter((e) => chain[e.boundary] === e.chain && now - e.lastUse < TTL_MS[e.ttl] && reachable(e, fp.points));
  const expectedReadTokens = Math.max(0, ...usable.map((e) => e.tokens));
  const check = (verdict: CacheCheck['verdict'], reasons: CacheReason[]): CacheCheck => ({ verdict, expectedReadTokens, readTokens, reasons });
  const implicit = (what: string): CacheReason => ({ code: 'implicit-read', detail: `Bedrock read ${formatTokens(readTokens)} tokens ${what}: the model's own automatic caching, or another caller that sent the same prefix.` });

  if (fp.points.length === 0) return check('uncached', readTokens > 0 ? [implicit('though the request has no cache point')] : []);
  const comparable = earlier.filter((r) => r.fingerprint.points.length > 0 && Date.parse(r.startedAt) < now);
  if (comparable.length === 0) return check('first', readTokens > 0 ? [implicit('on the first run recorded here')] : []);
  const verdict = readTokens === 0 ? 'miss' : current.usage.cacheWriteInputTokens > 0 ? 'partial' : 'hit';
  if (verdict === 'hit') return check('hit', expectedReadTokens === 0 ? [implicit('that no earlier run recorded here explains')] : []);

  // The longest point that was not read is the one to explain.
  const target = [...fp.points].reverse().find((p) => {
    const outcome = outcomeOf(current, p);
    return !outcome || outcome.status !== 'read';
  }) ?? fp.points[fp.points.length - 1];
  return check(verdict, explain(current, target, comparable, usable.length > 0 ? expectedReadTokens : 0, options));
}

function explain(current: ObservedRun, target: FingerprintPoint, comparable: readonly ObservedRun[], expected: number, options: DiagnosisOptions): CacheReason[] {
  const fp = current.fingerprint;
  const line = target.line === undefined ? undefined : target.line + 1;
  const own = outcomeOf(current, target);
  if (options.minTokens !== undefined && own && own.prefixTokens < options.minTokens) {
    return [{ code: 'below-minimum', line, detail: `The prefix before this cache point is ≈ ${formatTokens(own.prefixTokens)} tokens; ${fp.model} caches from ${formatTokens(options.minTokens)}, so Bedrock writes nothing here (read ${current.usage.cacheReadInputTokens}, written ${current.usage.cacheWriteInputTokens}).` }];
  }
  const reference = [...comparable].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0];
  const ref = reference.fingerprint;
  if (ref.model !== fp.model) {
    const code = baseModel(ref.model) === baseModel(fp.model) ? 'profile-changed' : 'model-changed';
    const why = code === 'profile-changed' ? ' (another inference profile may route to another region, where the cache is cold)' : '; each model has its own cache';
    return [{ code, detail: `The model was ${ref.model} in the last run, now ${fp.model}${why}.` }];
  }
  if (ref.region !== fp.region) return [{ code: 'region-changed', detail: `The region was ${ref.region} in the last run, now ${fp.region}; caches are per region.` }];
  if (ref.account !== fp.account) return [{ code: 'unknown', detail: `The last run used other credentials (${ref.account}, now ${fp.account}); caches are not shared between accounts.` }];
  // Compare with the longest prefix the last run cached (or tried to): the first block that differs
  // inside it is the reason; when none differs, its entry expired, was never written, or is out of reach.
  const cached = ref.points.filter((p) => outcomeOf(reference, p)?.status !== 'not-cached');
  const refPoint = (cached.length > 0 ? cached : ref.points).at(-1)!;
  const changed = describeBlockChange(ref, fp, refPoint.boundary);
  if (changed) return [changed];
  const refLine = refPoint.line === undefined ? line : refPoint.line + 1;
  const refOutcome = outcomeOf(reference, refPoint);
  if (refOutcome?.status === 'not-cached') {
    return [{ code: 'below-minimum', line: refLine, detail: `Bedrock cached nothing at this point in the last run (prefix ≈ ${formatTokens(refOutcome.prefixTokens)} tokens${options.minTokens ? `, the minimum is ${formatTokens(options.minTokens)}` : ''}), so there was nothing to read.` }];
  }
  const idle = Date.parse(current.startedAt) - Date.parse(reference.startedAt);
  if (idle >= TTL_MS[refPoint.ttl]) {
    return [{ code: 'ttl-expired', line: refLine, detail: `Last use ${duration(idle)} ago; the entry's TTL is ${refPoint.ttl} (every read or write restarts it).` }];
  }
  const distances = fp.points.filter((p) => p.boundary >= refPoint.boundary).map((p) => p.boundary - refPoint.boundary);
  if (distances.length > 0 && Math.min(...distances) > LOOKBACK_BLOCKS) {
    return [{ code: 'too-far-back', line: refLine, detail: `The entry the last run wrote here is ${Math.min(...distances)} content blocks before the nearest cache point; Bedrock looks back only about ${LOOKBACK_BLOCKS}. Keep a cache point here, or add one closer to it.` }];
  }
  return [{ code: 'unknown', line, detail: expected > 0
    ? `The earlier runs say ≈ ${formatTokens(expected)} tokens should have been read; Bedrock reported ${formatTokens(current.usage.cacheReadInputTokens)}. Bedrock may have evicted the entry early, or the request went to another region.`
    : 'Nothing recorded here explains the miss.' }];
}

/** `7m 12s`, `1h 3m`, `45s`. */
export function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}
