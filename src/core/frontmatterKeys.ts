/**
 * Reads the frontmatter keys this project knows (model, config, input, output, cache.*, bedrock.*)
 * into a PromptConfig with type checks, each problem reported at its key; unknown keys are
 * Dotprompt's and kept silently.
 */
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import type { Finding } from './analysis';
import { inputNamesOf, optionalInputsOf } from './inputSchema';
import { STRATEGIES, type PromptConfig, type ToolSpec } from './promptConfig';

export type RangeOf = (node: Node | null | undefined) => Finding['range'];

/** Reads known keys with type checks; unknown keys are kept by Dotprompt and ignored here. */
export class KeyReader {
  constructor(private readonly findings: Finding[], private readonly rangeOf: RangeOf) {}

  readTopLevel(key: string, pair: Pair<Node, Node>, config: PromptConfig): void {
    const value = pair.value;
    switch (key) {
      case 'model': config.model = this.string(key, value); break;
      case 'config': this.readConfig(value, config); break;
      case 'input': this.readInput(value, config); break;
      case 'output': this.readOutput(value, config); break;
      case 'tools': config.toolNames = this.stringList(key, value) ?? []; break;
      case 'cache':
        // Nested form `cache: {strategy: …}` is accepted as well as Dotprompt's dotted keys.
        if (this.map(key, value)) for (const p of (value as unknown as { items: Pair<Node, Node>[] }).items) this.readCacheKey(`cache.${scalarKey(p)}`, p.value, config);
        break;
      case 'bedrock':
        if (this.map(key, value)) for (const p of (value as unknown as { items: Pair<Node, Node>[] }).items) this.readBedrockKey(`bedrock.${scalarKey(p)}`, p.value, config);
        break;
      default:
        if (key.startsWith('cache.')) this.readCacheKey(key, value, config);
        else if (key.startsWith('bedrock.')) this.readBedrockKey(key, value, config);
    }
  }

  private readCacheKey(key: string, value: Node | null, config: PromptConfig): void {
    switch (key) {
      case 'cache.strategy': {
        const s = this.string(key, value);
        if (s === undefined) break;
        if ((STRATEGIES as readonly string[]).includes(s)) config.strategy = s as PromptConfig['strategy'];
        else this.report('cache-strategy-unknown', value, `Unknown cache.strategy "${s}": use ${STRATEGIES.join(', ')}.`);
        break;
      }
      case 'cache.threshold': config.threshold = this.count(key, value); break;
      case 'cache.ttl': {
        const s = this.string(key, value);
        if (s === undefined) break;
        if (s === '5m' || s === '1h') config.ttl = s;
        else this.report('cache-ttl-invalid', value, `cache.ttl "${s}" is not a Bedrock TTL: use 5m or 1h.`);
        break;
      }
      case 'cache.stable': config.stable = this.stringList(key, value) ?? []; break;
      case 'cache.tools': config.cacheTools = this.boolean(key, value); break;
      case 'cache.custom': this.readCustom(value, config); break;
      case 'cache.fixtures': config.fixtures = this.stringMap(key, value); break;
      default: this.report('key-unknown', value, `Unknown key ${key}: known cache keys are strategy, threshold, ttl, stable, tools, custom, fixtures.`, 'warning');
    }
  }

  private readBedrockKey(key: string, value: Node | null, config: PromptConfig): void {
    switch (key) {
      case 'bedrock.region': config.region = this.string(key, value); break;
      case 'bedrock.profile': config.profile = this.string(key, value); break;
      case 'bedrock.tools': {
        const js = value?.toJSON();
        if (typeof js === 'string') config.toolsPath = js;
        else if (Array.isArray(js) && js.every(isToolSpec)) config.tools = js as ToolSpec[];
        else this.report('key-type', value, 'bedrock.tools must be a list of {name, description, inputSchema} or a path to a JSON file holding that list.');
        break;
      }
      default: this.report('key-unknown', value, `Unknown key ${key}: known bedrock keys are region, profile, tools.`, 'warning');
    }
  }

  private readConfig(value: Node | null, config: PromptConfig): void {
    if (!this.map('config', value)) return;
    for (const pair of (value as unknown as { items: Pair<Node, Node>[] }).items) {
      const key = scalarKey(pair);
      const v = pair.value;
      switch (key) {
        // The allowed range depends on the model (0–1 for Claude, up to 2 elsewhere): checked with the model in bedrockConfig.
        case 'temperature': config.inference.temperature = this.number(`config.${key}`, v, 0, Number.POSITIVE_INFINITY); break;
        case 'topP': config.inference.topP = this.number(`config.${key}`, v, 0, 1); break;
        case 'maxOutputTokens': config.inference.maxTokens = this.count(`config.${key}`, v, 1); break;
        case 'stopSequences': config.inference.stopSequences = this.stringList(`config.${key}`, v); break;
        default: config.additionalFields[key] = v?.toJSON();
      }
    }
  }

  private readInput(value: Node | null, config: PromptConfig): void {
    if (!this.map('input', value)) return;
    const js = value!.toJSON() as { schema?: unknown; default?: unknown };
    if (js.default !== undefined) {
      if (js.default && typeof js.default === 'object' && !Array.isArray(js.default)) config.inputDefaults = js.default as Record<string, unknown>;
      else this.report('key-type', value, 'input.default must be a mapping of input names to values.');
    }
    config.inputNames = inputNamesOf(js.schema);
    config.optionalInputs = optionalInputsOf(js.schema);
    if (js.schema !== undefined) (config.schemas ??= []).push({ key: 'input.schema', value: js.schema });
  }

  private readOutput(value: Node | null, config: PromptConfig): void {
    if (!isMap(value)) return;
    const schema = (value.toJSON() as { schema?: unknown }).schema;
    if (schema !== undefined) (config.schemas ??= []).push({ key: 'output.schema', value: schema });
  }

  private readCustom(value: Node | null, config: PromptConfig): void {
    if (!this.map('cache.custom', value)) return;
    const custom: NonNullable<PromptConfig['custom']> = {};
    for (const pair of (value as unknown as { items: Pair<Node, Node>[] }).items) {
      const key = scalarKey(pair);
      const v = pair.value;
      switch (key) {
        case 'textBlocksOver': custom.textBlocksOver = this.count(`cache.custom.${key}`, v); break;
        case 'allMedia': custom.allMedia = this.boolean(`cache.custom.${key}`, v); break;
        case 'minBenefit': custom.minBenefit = this.number(`cache.custom.${key}`, v, 0, 1); break;
        case 'maxPoints': custom.maxPoints = this.count(`cache.custom.${key}`, v, 1); break;
        default: this.report('key-unknown', v, `Unknown rule cache.custom.${key}: known rules are textBlocksOver, allMedia, minBenefit, maxPoints.`, 'warning');
      }
    }
    config.custom = custom;
  }

  private report(code: string, node: Node | null | undefined, message: string, severity: Finding['severity'] = 'error'): void {
    this.findings.push({ code, severity, range: this.rangeOf(node), message });
  }

  private map(key: string, value: Node | null): boolean {
    if (isMap(value)) return true;
    this.report('key-type', value, `${key} must be a mapping.`);
    return false;
  }

  private string(key: string, value: Node | null): string | undefined {
    if (isScalar(value) && typeof value.value === 'string') return value.value;
    this.report('key-type', value, `${key} must be a string, not ${describe(value)}.`);
    return undefined;
  }

  private boolean(key: string, value: Node | null): boolean | undefined {
    if (isScalar(value) && typeof value.value === 'boolean') return value.value;
    this.report('key-type', value, `${key} must be true or false, not ${describe(value)}.`);
    return undefined;
  }

  private number(key: string, value: Node | null, min: number, max: number): number | undefined {
    if (isScalar(value) && typeof value.value === 'number' && Number.isFinite(value.value)) {
      if (value.value >= min && value.value <= max) return value.value;
      this.report('key-range', value, `${key} must be between ${min} and ${max}, not ${value.value}.`);
      return undefined;
    }
    this.report('key-type', value, `${key} must be a number, not ${describe(value)}.`);
    return undefined;
  }

  private count(key: string, value: Node | null, min = 0): number | undefined {
    if (isScalar(value) && typeof value.value === 'number' && Number.isInteger(value.value)) {
      if (value.value >= min) return value.value;
      this.report('key-range', value, `${key} must be a whole number of at least ${min}, not ${value.value}.`);
      return undefined;
    }
    this.report('key-type', value, `${key} must be a whole number, not ${describe(value)}.`);
    return undefined;
  }

  /** `name: path` pairs (`cache.fixtures`). */
  private stringMap(key: string, value: Node | null): Record<string, string> | undefined {
    if (!this.map(key, value)) return undefined;
    const out: Record<string, string> = {};
    for (const pair of (value as unknown as { items: Pair<Node, Node>[] }).items) {
      const name = scalarKey(pair);
      const path = this.string(`${key}.${name}`, pair.value);
      if (name && path !== undefined) out[name] = path;
    }
    return out;
  }

  private stringList(key: string, value: Node | null): string[] | undefined {
    if (isSeq(value) && value.items.every((item) => isScalar(item) && typeof item.value === 'string')) {
      return value.items.map((item) => String((item as { value: unknown }).value));
    }
    // A single string is a common slip for a one-element list; accept it.
    if (isScalar(value) && typeof value.value === 'string') return [value.value];
    this.report('key-type', value, `${key} must be a list of strings, not ${describe(value)}.`);
    return undefined;
  }
}

export function scalarKey(pair: Pair<Node, Node>): string {
  return isScalar(pair.key) ? String(pair.key.value) : '';
}

function describe(node: Node | null | undefined): string {
  if (!node) return 'an empty value';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return node.value === null ? 'null' : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return 'an alias';
}

function isToolSpec(value: unknown): boolean {
  return !!value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string';
}
