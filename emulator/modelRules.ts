// Per-model overrides of the caching rules, so tests (and `npm run emulator` users) can play an
// account whose minimum, 1-hour TTL or tools cache point differ from the table in models.ts — the
// sources disagree on these, and the product's probe must find whatever the account really does.
import { type CacheLocation, EMULATED_MODELS, type EmulatedModel } from './models';

export interface ModelRule {
  /** Smallest cumulative prefix (tokens) a cache point must close to be cached. */
  minTokens?: number;
  /** Whether `ttl: "1h"` is honoured. Off: Claude keeps the entry 5 minutes, others answer 400. */
  ttl1h?: boolean;
  /** Whether a cache point may go in `toolConfig.tools` (off: 400, as on Nova). */
  toolsPoint?: boolean;
}

export type ModelRuleSet = Record<string, ModelRule>;

const known = new Set(EMULATED_MODELS.map((m) => m.baseId));

/** Checks one rule, naming the model and key at fault; returns a clean copy. */
export function checkRule(baseId: string, rule: unknown): ModelRule {
  if (!known.has(baseId)) throw new Error(`Unknown model "${baseId}": rules take a base model ID from the emulator's table.`);
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) throw new Error(`Rule for ${baseId} must be an object.`);
  const out: ModelRule = {};
  for (const [key, value] of Object.entries(rule)) {
    if (key === 'minTokens') {
      if (!Number.isInteger(value) || (value as number) < 1) throw new Error(`${baseId}: minTokens must be a positive integer, got ${JSON.stringify(value)}.`);
      out.minTokens = value as number;
    } else if (key === 'ttl1h' || key === 'toolsPoint') {
      if (typeof value !== 'boolean') throw new Error(`${baseId}: ${key} must be true or false, got ${JSON.stringify(value)}.`);
      out[key] = value;
    } else {
      throw new Error(`${baseId}: unknown rule key "${key}" (use minTokens, ttl1h, toolsPoint).`);
    }
  }
  return out;
}

/** The rules in force; `reset()` goes back to the ones the emulator was started with. */
export class ModelRules {
  private rules = new Map<string, ModelRule>();

  constructor(private readonly initial: ModelRuleSet = {}) {
    this.reset();
  }

  set(baseId: string, rule: ModelRule): void {
    this.rules.set(baseId, { ...this.rules.get(baseId), ...checkRule(baseId, rule) });
  }

  list(): ModelRuleSet {
    return Object.fromEntries(this.rules);
  }

  clear(): void {
    this.rules.clear();
  }

  reset(): void {
    this.rules.clear();
    for (const [id, rule] of Object.entries(this.initial)) this.set(id, rule);
  }

  /** The model as this emulator plays it: the table row with any override applied. */
  apply(model: EmulatedModel): EmulatedModel {
    const rule = this.rules.get(model.baseId);
    if (!rule || model.maxCachePoints === 0) return model;
    const ttls = rule.ttl1h === undefined ? model.ttls : rule.ttl1h ? ['5m', '1h'] as const : ['5m'] as const;
    const places = model.cacheLocations.filter((p) => p !== 'tools');
    const cacheLocations = rule.toolsPoint === undefined ? model.cacheLocations : rule.toolsPoint ? ['tools' as CacheLocation, ...places] : places;
    return { ...model, minCacheTokens: rule.minTokens ?? model.minCacheTokens, ttls, cacheLocations };
  }
}

/**
 * Rules from the command line and environment: `--min-tokens ID=N`, `--ttl1h ID=on|off`,
 * `--tools-point ID=on|off` (each repeatable), and `EMULATOR_MODEL_RULES` holding JSON
 * `{"ID": {"minTokens": N, "ttl1h": bool, "toolsPoint": bool}}`. Flags win over the variable.
 */
export function rulesFromCommandLine(argv: readonly string[], env: NodeJS.ProcessEnv): ModelRuleSet {
  const rules: ModelRuleSet = {};
  const add = (id: string, rule: ModelRule) => { rules[id] = checkRule(id, { ...rules[id], ...rule }); };
  if (env.EMULATOR_MODEL_RULES) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(env.EMULATOR_MODEL_RULES);
    } catch (error) {
      throw new Error(`EMULATOR_MODEL_RULES is not valid JSON: ${(error as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('EMULATOR_MODEL_RULES must be a JSON object keyed by model ID.');
    for (const [id, rule] of Object.entries(parsed)) add(id, checkRule(id, rule));
  }
  const flags: Record<string, (id: string, value: string) => ModelRule> = {
    '--min-tokens': (id, value) => ({ minTokens: /^\d+$/.test(value) ? Number(value) : value as unknown as number }),
    '--ttl1h': (id, value) => ({ ttl1h: onOff('--ttl1h', value) }),
    '--tools-point': (id, value) => ({ toolsPoint: onOff('--tools-point', value) }),
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const make = flags[flag];
    if (!make) continue;
    const arg = inline !== undefined ? inline : argv[++i];
    const eq = arg?.lastIndexOf('=') ?? -1;
    if (!arg || eq <= 0) throw new Error(`${flag} needs MODEL_ID=VALUE, got ${JSON.stringify(arg ?? '')}.`);
    const id = arg.slice(0, eq);
    add(id, make(id, arg.slice(eq + 1)));
  }
  return rules;
}

function onOff(flag: string, value: string): boolean {
  if (/^(on|true|yes)$/i.test(value)) return true;
  if (/^(off|false|no)$/i.test(value)) return false;
  throw new Error(`${flag} takes on or off, got "${value}".`);
}
