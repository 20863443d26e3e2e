/**
 * The typed view of a .prompt file's frontmatter (Dotprompt keys plus `cache.*` and `bedrock.*`),
 * and the cache settings after frontmatter has overridden the user's settings.
 */
import type { CacheTtl } from '../shared/usageRecord';

/** Where a call goes when neither the file, the settings nor the environment name a region. */
export const DEFAULT_REGION = 'us-east-1';

export type Strategy = 'conservative' | 'aggressive' | 'custom';

/** What a run does when the model refuses its cache points: ask the user, retry without them, or fail. */
export type CacheUnsupportedPolicy = 'ask' | 'retryWithout' | 'fail';
export const STRATEGIES: readonly Strategy[] = ['conservative', 'aggressive', 'custom'];

export interface CustomRules {
  /** Suggest a point after every stable text block over this many tokens. */
  textBlocksOver?: number;
  /** Suggest a point after every stable media block. */
  allMedia?: boolean;
  /** Smallest expected saving ratio (0–1) a point must bring. */
  minBenefit?: number;
  maxPoints?: number;
}

export interface ToolSpec {
  name: string;
  description?: string;
  inputSchema?: unknown;
}

export interface InferenceConfig {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  stopSequences?: string[];
}

export interface PromptConfig {
  model?: string;
  strategy?: Strategy;
  threshold?: number;
  ttl?: CacheTtl;
  /** Inputs whose values stay the same across runs. */
  stable: string[];
  /**
   * `cache.fixtures`: stable input → a file (relative to the prompt) holding the value the prefix
   * lock renders it with, for stable inputs too large for `input.default` (a policy, a document).
   */
  fixtures?: Record<string, string>;
  cacheTools?: boolean;
  custom?: CustomRules;
  region?: string;
  profile?: string;
  /** Tool names from Dotprompt's `tools:` key. */
  toolNames: string[];
  /** Inline tool specs from `bedrock.tools`. */
  tools: ToolSpec[];
  /** Path (relative to the file) of a JSON tool list from `bedrock.tools`. */
  toolsPath?: string;
  inference: InferenceConfig;
  /** Other `config` keys, sent as `additionalModelRequestFields`. */
  additionalFields: Record<string, unknown>;
  inputDefaults: Record<string, unknown>;
  /** Input names declared in `input.schema`. */
  inputNames: string[];
  /** Of those, the optional ones (`name?:` in Picoschema, not `required` in JSON Schema): never demanded. */
  optionalInputs?: string[];
  /** `input.schema` and `output.schema` as written, for checking named schemas and Picoschema. */
  schemas?: { key: 'input.schema' | 'output.schema'; value: unknown }[];
}

/** User settings for cache advice; frontmatter `cache.*` keys override them per file. */
export interface CacheSettings {
  strategy: Strategy;
  threshold: number;
  aggressiveThreshold: number;
  autoCacheSystem: boolean;
  defaultTtl: CacheTtl;
  expectedReuses: number;
}

export const DEFAULT_CACHE_SETTINGS: CacheSettings = {
  strategy: 'conservative',
  threshold: 1024,
  aggressiveThreshold: 1024,
  autoCacheSystem: false,
  defaultTtl: '5m',
  expectedReuses: 5,
};

export function effectiveCacheSettings(settings: CacheSettings, config: PromptConfig): CacheSettings {
  return {
    ...settings,
    strategy: config.strategy ?? settings.strategy,
    threshold: config.threshold ?? settings.threshold,
    defaultTtl: config.ttl ?? settings.defaultTtl,
  };
}
