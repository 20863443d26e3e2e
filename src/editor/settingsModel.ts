/**
 * The typed reading of the `promptCache.*` settings, and the workspace-trust rule for them, kept
 * free of the `vscode` module so the rule is tested in plain Node. In an untrusted workspace the
 * settings that decide where requests go, as whom, at what price and which files are read take the
 * user's own value only, never the workspace's: a cloned repository cannot redirect requests, nor
 * turn the response cache on or point it at a server of its choosing.
 */
import type { ModelRow } from '../core/modelCatalog';
import { catalogWith, type ModelOverride, type PricingOverrides } from '../core/modelResolver';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings, type CacheUnsupportedPolicy, type Strategy } from '../core/promptConfig';
import { DEFAULT_RESPONSE_TTL_MS, parseDuration } from '../core/responseCacheEntry';
import type { CacheTtl } from '../shared/usageRecord';

export const SECTION = 'promptCache';

/** Also listed under `capabilities.untrustedWorkspaces.restrictedConfigurations` in package.json (a test keeps them equal). */
export const RESTRICTED_SETTINGS = ['endpoint', 'profile', 'region', 'models', 'partialsPath', 'pricing', 'responseCache', 'responseCacheUrl', 'responseCacheTtl', 'modelMap'] as const;

export type ResponseCacheMode = 'off' | 'file' | 'redis';

export interface Settings {
  cache: CacheSettings;
  defaultModel: string;
  models: ModelOverride[];
  /** The model catalog with the user's rows and prices applied. */
  catalog: ModelRow[];
  partialsPath: string[];
  sizeLimitBytes: number;
  profile: string;
  region: string;
  endpoint: string;
  onCacheUnsupported: CacheUnsupportedPolicy;
  historyLimit: number;
  confirmBeforeRun: boolean;
  requestTimeoutSeconds: number;
  /** The response cache (replaying identical requests), apart from Bedrock prompt caching. */
  responseCache: ResponseCacheMode;
  /** The Redis URL, without credentials (those live in secret storage). */
  responseCacheUrl: string;
  responseCacheTtlMs: number;
  /** What the project's code registers, and the file model → Bedrock model map (the project file adds to these). */
  declared: { helpers: Record<string, 'text' | 'block'>; schemas: Record<string, unknown>; models: Record<string, string> };
  /** The workspace is trusted: its project file may map models and name partial folders. */
  trusted: boolean;
  /** Which lenses show: every one, a compact set (Run, cache points, suggestions) or none. */
  codeLens: CodeLensMode;
}

export type CodeLensMode = 'all' | 'compact' | 'off';

/** One setting's value at each level, as `WorkspaceConfiguration.inspect` gives it. */
export interface SettingLevels {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  /** package.json's default. */
  defaultValue?: unknown;
}

export type SettingReader = (key: string) => SettingLevels | undefined;

/** The value in force: folder, then workspace, then user — the workspace levels only when trusted or not restricted. */
function valueOf(read: SettingReader, key: string, trusted: boolean): unknown {
  const levels = read(key);
  if (!levels) return undefined;
  const workspaceAllowed = trusted || !(RESTRICTED_SETTINGS as readonly string[]).includes(key);
  if (workspaceAllowed && levels.workspaceFolderValue !== undefined) return levels.workspaceFolderValue;
  if (workspaceAllowed && levels.workspaceValue !== undefined) return levels.workspaceValue;
  return levels.globalValue !== undefined ? levels.globalValue : levels.defaultValue;
}

/** The catalog last built, with what it was built from. */
let lastCatalog: { key: string; catalog: ModelRow[] } | undefined;

/**
 * The same user rows and prices give the same catalog object, not an equal copy: what is prepared
 * with a catalog is kept by its identity (src/node/preparationMemo.ts), so a run repeated with
 * unchanged settings can reuse its preparation.
 */
function catalogFor(models: ModelOverride[], pricing: PricingOverrides): ModelRow[] {
  const key = JSON.stringify([models, pricing]);
  if (lastCatalog?.key !== key) lastCatalog = { key, catalog: catalogWith(models, pricing) };
  return lastCatalog.catalog;
}

export function settingsFrom(read: SettingReader, trusted: boolean): Settings {
  const get = (key: string) => valueOf(read, key, trusted);
  const models = (Array.isArray(get('models')) ? get('models') as ModelOverride[] : []).filter((m) => m && typeof m.id === 'string');
  const pricing = isRecord(get('pricing')) ? get('pricing') as PricingOverrides : {};
  const policy = get('onCacheUnsupported');
  return {
    cache: {
      strategy: oneOf(get('strategy'), ['conservative', 'aggressive', 'custom'], DEFAULT_CACHE_SETTINGS.strategy) as Strategy,
      threshold: nonNegative(get('threshold'), DEFAULT_CACHE_SETTINGS.threshold),
      aggressiveThreshold: nonNegative(get('aggressiveThreshold'), DEFAULT_CACHE_SETTINGS.aggressiveThreshold),
      autoCacheSystem: bool(get('autoCacheSystem'), DEFAULT_CACHE_SETTINGS.autoCacheSystem),
      defaultTtl: oneOf(get('defaultTtl'), ['5m', '1h'], DEFAULT_CACHE_SETTINGS.defaultTtl) as CacheTtl,
      expectedReuses: nonNegative(get('expectedReuses'), DEFAULT_CACHE_SETTINGS.expectedReuses),
    },
    defaultModel: str(get('defaultModel')),
    models,
    catalog: catalogFor(models, pricing),
    partialsPath: Array.isArray(get('partialsPath')) ? (get('partialsPath') as unknown[]).filter((p): p is string => typeof p === 'string') : [],
    sizeLimitBytes: nonNegative(get('sizeLimitMB'), 5) * 1024 * 1024,
    profile: str(get('profile')),
    region: str(get('region')),
    endpoint: str(get('endpoint')),
    onCacheUnsupported: policy === 'retryWithout' || policy === 'fail' ? policy : 'ask',
    historyLimit: Math.max(1, Math.floor(nonNegative(get('historyLimit'), 500))),
    confirmBeforeRun: bool(get('confirmBeforeRun'), true),
    requestTimeoutSeconds: Math.max(1, nonNegative(get('requestTimeoutSeconds'), 120)),
    responseCache: oneOf(get('responseCache'), ['off', 'file', 'redis'], 'off') as ResponseCacheMode,
    responseCacheUrl: str(get('responseCacheUrl')).trim(),
    responseCacheTtlMs: parseDuration(str(get('responseCacheTtl'))) ?? DEFAULT_RESPONSE_TTL_MS,
    declared: {
      helpers: stringMap(get('helpers'), (v): v is 'text' | 'block' => v === 'text' || v === 'block'),
      schemas: isRecord(get('schemas')) ? get('schemas') as Record<string, unknown> : {},
      models: stringMap(get('modelMap'), (v): v is string => typeof v === 'string' && v.trim() !== ''),
    },
    trusted,
    codeLens: oneOf(get('codeLens'), ['all', 'compact', 'off'], 'all') as CodeLensMode,
  };
}

/** One answer everywhere (runs, counts, the status bar, dialogs): file, setting, environment, default. */
export function resolveRegion(fileRegion?: string, settingRegion?: string): string {
  return fileRegion || settingRegion || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap<T>(value: unknown, ok: (v: unknown) => v is T): Record<string, T> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, T] => ok(entry[1])));
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === 'boolean' ? value : fallback;
}

function oneOf(value: unknown, allowed: readonly string[], fallback: string): string {
  return typeof value === 'string' && allowed.includes(value) ? value : fallback;
}

function nonNegative(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}
