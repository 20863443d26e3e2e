/**
 * Turns whatever the user wrote in `model:` into a catalog row: strips provider prefixes and
 * inference-profile geography, and says plainly when a model is unknown instead of guessing.
 */
import { MODEL_CATALOG, NO_CACHING_PREFIXES, PROFILE_PREFIXES, type ModelRow, type PriceRow } from './modelCatalog';

export type ModelStatus = 'caching' | 'no-caching' | 'unknown';

export interface ResolvedModel {
  /** The ID as it will be sent to Bedrock (provider prefix stripped). */
  requestId: string;
  /** The base model ID (geography prefix stripped); equals requestId for ARNs. */
  baseId: string;
  /** `us`, `global`, … when the ID is a cross-region inference profile. */
  profilePrefix?: string;
  isArn: boolean;
  status: ModelStatus;
  row?: ModelRow;
  /** Prices that apply to this ID (regional profiles may cost more than global ones). */
  prices?: PriceRow;
}

/** Partial rows from settings: `id` required, everything else overrides or completes a row. */
export type ModelOverride = Partial<ModelRow> & { id: string };

/** Price overrides from settings: model base ID → prices (USD per 1M tokens) and their date. */
export type PricingOverrides = Record<string, Partial<PriceRow> & { date?: string }>;

export function catalogWith(overrides: readonly ModelOverride[] = [], pricing: PricingOverrides = {}): ModelRow[] {
  const rows = MODEL_CATALOG.map((row) => ({ ...row }));
  for (const override of overrides) {
    const existing = rows.findIndex((row) => row.id === override.id);
    if (existing >= 0) rows[existing] = { ...rows[existing], ...override };
    else rows.push({
      name: override.id, family: 'other', minTokens: 1024, maxPoints: 4, fields: ['system', 'messages'],
      ttls: ['5m'], requiresProfile: false, countTokens: false, tokenizerFactor: 1.1, ...override,
    });
  }
  for (const [id, price] of Object.entries(pricing)) {
    const index = rows.findIndex((row) => row.id === id);
    if (index < 0 || !price || typeof price !== 'object') continue;
    const { date, ...numbers } = price;
    const valid = Object.fromEntries(Object.entries(numbers).filter(([, v]) => typeof v === 'number' && Number.isFinite(v) && v >= 0));
    const base = rows[index].prices ?? { input: 0, output: 0, cacheWrite5m: 0, cacheRead: 0 };
    // A user's own prices apply to every profile of the model, regional or global.
    rows[index] = { ...rows[index], prices: { ...base, ...valid }, regionalPrices: undefined, priceDate: typeof date === 'string' ? date : 'your settings' };
  }
  return rows;
}

export function stripProviderPrefix(id: string): string {
  return id.trim().replace(/^(aws-bedrock|bedrock)\//, '');
}

export function resolveModel(rawId: string, catalog: readonly ModelRow[] = MODEL_CATALOG): ResolvedModel {
  const requestId = stripProviderPrefix(rawId);
  const isArn = requestId.startsWith('arn:');
  // An ARN (application inference profile, prompt router) maps to a row only through an override.
  const direct = catalog.find((row) => row.id === requestId);
  if (isArn) {
    return direct ? known(requestId, requestId, undefined, true, direct) : { requestId, baseId: requestId, isArn, status: 'unknown' };
  }
  let baseId = requestId;
  let profilePrefix: string | undefined;
  for (const prefix of PROFILE_PREFIXES) {
    if (requestId.startsWith(prefix + '.') && !direct) {
      profilePrefix = prefix;
      baseId = requestId.slice(prefix.length + 1);
      break;
    }
  }
  const row = direct ?? catalog.find((r) => r.id === baseId);
  if (row) return known(requestId, baseId, profilePrefix, false, row);
  if (NO_CACHING_PREFIXES.some((prefix) => baseId.startsWith(prefix))) {
    return { requestId, baseId, profilePrefix, isArn, status: 'no-caching' };
  }
  return { requestId, baseId, profilePrefix, isArn, status: 'unknown' };
}

function known(requestId: string, baseId: string, profilePrefix: string | undefined, isArn: boolean, row: ModelRow): ResolvedModel {
  const regional = profilePrefix !== undefined && profilePrefix !== 'global' && row.regionalPrices;
  return {
    requestId, baseId, profilePrefix, isArn, row,
    status: row.minTokens > 0 && row.maxPoints > 0 ? 'caching' : 'no-caching',
    prices: regional ? row.regionalPrices : row.prices,
  };
}
