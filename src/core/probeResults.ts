/**
 * Probe results, stored per model and region, and how they replace the catalog's values in the
 * analysis. A probed row keeps the catalog's name and prices; its minimum, TTLs and cache point
 * places become what the account really showed, labelled "probed on DATE" wherever shown.
 */
import type { ModelRow } from './modelCatalog';
import { resolveModel } from './modelResolver';

export interface ProbeResult {
  /** The model ID as probed (may be an inference profile ID). */
  model: string;
  /** Catalog base ID the result applies to. */
  baseId: string;
  region: string;
  /** Smallest prefix Bedrock wrote, in its own units; null when nothing cached up to the ceiling. */
  minTokens: number | null;
  /** Largest prefix that was not written: the real minimum lies above it. */
  largestUncached: number;
  ttl1h: boolean;
  toolsPoint: boolean;
  requests: number;
  costUSD: number;
  /** ISO date-time the probe finished. */
  probedAt: string;
  /** Catalog minimum at the time, for comparison. */
  catalogMinTokens: number;
}

export interface ProbeFile {
  version: 1;
  probes: ProbeResult[];
}

export class ProbeFileError extends Error {}

/** Reads a probes file's text; errors name the file and the key at fault. */
export function parseProbeFile(text: string, fileName: string): ProbeResult[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ProbeFileError(`${fileName} is not valid JSON: ${(error as Error).message}`);
  }
  const probes = (data as { probes?: unknown })?.probes;
  if (!Array.isArray(probes)) throw new ProbeFileError(`${fileName}: expected {"version": 1, "probes": [...]}.`);
  return probes.map((p, i) => checkProbe(p, `${fileName}: probes[${i}]`));
}

function checkProbe(value: unknown, where: string): ProbeResult {
  const p = value as Record<string, unknown>;
  if (typeof p !== 'object' || p === null) throw new ProbeFileError(`${where} must be an object.`);
  const need = (key: string, ok: (v: unknown) => boolean, what: string) => {
    if (!ok(p[key])) throw new ProbeFileError(`${where}.${key} must be ${what}.`);
  };
  const count = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  need('model', (v) => typeof v === 'string' && v.length > 0, 'a model ID');
  need('baseId', (v) => typeof v === 'string' && v.length > 0, 'a model ID');
  need('region', (v) => typeof v === 'string' && v.length > 0, 'a region');
  need('minTokens', (v) => v === null || count(v), 'a token count or null');
  need('ttl1h', (v) => typeof v === 'boolean', 'true or false');
  need('toolsPoint', (v) => typeof v === 'boolean', 'true or false');
  need('probedAt', (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)), 'a date');
  return {
    model: p.model as string, baseId: p.baseId as string, region: p.region as string, minTokens: p.minTokens as number | null,
    largestUncached: count(p.largestUncached) ? p.largestUncached as number : 0, ttl1h: p.ttl1h as boolean, toolsPoint: p.toolsPoint as boolean,
    requests: count(p.requests) ? p.requests as number : 0, costUSD: count(p.costUSD) ? p.costUSD as number : 0,
    probedAt: p.probedAt as string, catalogMinTokens: count(p.catalogMinTokens) ? p.catalogMinTokens as number : 0,
  };
}

export function serializeProbes(probes: readonly ProbeResult[]): string {
  const file: ProbeFile = { version: 1, probes: [...probes] };
  return JSON.stringify(file, null, 2) + '\n';
}

/** The list with `result` replacing any earlier probe of the same model and region. */
export function upsertProbe(probes: readonly ProbeResult[], result: ProbeResult): ProbeResult[] {
  return [...probes.filter((p) => p.baseId !== result.baseId || p.region !== result.region), result];
}

/**
 * The probe that applies to a model in a region: the one made there; without a region, the
 * newest probe of the model anywhere (the label names the region it was made in).
 */
export function probeFor(probes: readonly ProbeResult[], baseId: string, region?: string): ProbeResult | undefined {
  const mine = probes.filter((p) => p.baseId === baseId && (!region || p.region === region));
  return mine.sort((a, b) => b.probedAt.localeCompare(a.probedAt))[0];
}

/** "probed on 2026-11-27 in us-east-1". */
export function probeLabel(probe: Pick<ProbeResult, 'probedAt' | 'region'>): string {
  return `probed on ${probe.probedAt.slice(0, 10)} in ${probe.region}`;
}

/** The row as the account showed it: the probed minimum, TTLs and places replace the catalog's. */
export function probedRow(row: ModelRow, probe: ProbeResult): ModelRow {
  const fields = row.fields.filter((f) => f !== 'tools');
  return {
    ...row,
    minTokens: probe.minTokens ?? row.minTokens,
    minNote: probe.minTokens === null
      ? `${probeLabel(probe)}: nothing cached up to ${probe.largestUncached.toLocaleString('en-US')} tokens; catalog value kept`
      : `${probeLabel(probe)}; catalog says ${row.minTokens.toLocaleString('en-US')}`,
    probed: probeLabel(probe),
    ttls: probe.ttl1h ? (row.ttls.includes('1h') ? row.ttls : [...row.ttls, '1h']) : row.ttls.filter((t) => t !== '1h'),
    fields: probe.toolsPoint ? (row.fields.includes('tools') ? row.fields : ['tools', ...fields]) : fields,
  };
}

/** The catalog with the probes for `region` (or the newest of each model) applied. */
export function catalogWithProbes(catalog: readonly ModelRow[], probes: readonly ProbeResult[], region?: string): ModelRow[] {
  if (probes.length === 0) return [...catalog];
  return catalog.map((row) => {
    const probe = probeFor(probes, row.id, region);
    return probe ? probedRow(row, probe) : row;
  });
}

/** Base ID of a model as the catalog knows it (profile prefix stripped). */
export function probeBaseId(modelId: string, catalog?: readonly ModelRow[]): string {
  return resolveModel(modelId, catalog).baseId;
}
