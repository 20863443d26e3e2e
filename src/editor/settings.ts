/**
 * One typed facade over the `promptCache.*` settings, with defaults. Everything else reads
 * settings through here, so a new setting is one line in package.json and one here.
 */
import * as vscode from 'vscode';
import type { ModelRow } from '../core/modelCatalog';
import { catalogWith, type ModelOverride, type PricingOverrides } from '../core/modelResolver';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings, type Strategy } from '../core/promptConfig';
import type { CacheTtl } from '../shared/usageRecord';

export const SECTION = 'promptCache';

export interface Settings {
  cache: CacheSettings;
  defaultModel: string;
  models: ModelOverride[];
  /** The model catalog with the user's rows and prices applied. */
  catalog: ModelRow[];
  partialsPath: string[];
  sizeLimitBytes: number;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const models = (c.get<ModelOverride[]>('models') ?? []).filter((m) => m && typeof m.id === 'string');
  const pricing = c.get<PricingOverrides>('pricing') ?? {};
  return {
    cache: {
      strategy: c.get<Strategy>('strategy', DEFAULT_CACHE_SETTINGS.strategy),
      threshold: nonNegative(c.get<number>('threshold'), DEFAULT_CACHE_SETTINGS.threshold),
      aggressiveThreshold: nonNegative(c.get<number>('aggressiveThreshold'), DEFAULT_CACHE_SETTINGS.aggressiveThreshold),
      autoCacheSystem: c.get<boolean>('autoCacheSystem', DEFAULT_CACHE_SETTINGS.autoCacheSystem),
      defaultTtl: c.get<CacheTtl>('defaultTtl', DEFAULT_CACHE_SETTINGS.defaultTtl),
      expectedReuses: nonNegative(c.get<number>('expectedReuses'), DEFAULT_CACHE_SETTINGS.expectedReuses),
    },
    defaultModel: c.get<string>('defaultModel', ''),
    models,
    catalog: catalogWith(models, pricing && typeof pricing === 'object' ? pricing : {}),
    partialsPath: c.get<string[]>('partialsPath') ?? [],
    sizeLimitBytes: nonNegative(c.get<number>('sizeLimitMB'), 5) * 1024 * 1024,
  };
}

function nonNegative(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}
