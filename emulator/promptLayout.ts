// Reads a Converse request the way Bedrock reads a prompt for caching: one sequence of tools,
// then system, then messages. Every cache point is identified by a hash of everything before it
// (cache points themselves excluded, so moving a TTL does not change the prefix) and by the
// number of tokens in that prefix. Shape rules that do not depend on the model are checked here.
import { createHash, type Hash } from 'node:crypto';
import { validation } from './errors';
import type { CacheLocation } from './models';
import { canonicalJson, countBlock, countTool, MESSAGE_FRAMING_TOKENS } from './tokenCount';

export interface CachePointSite {
  readonly location: CacheLocation;
  /** Where the point sits, e.g. `messages.1.content.2`, for error messages. */
  readonly path: string;
  /** The TTL as written; undefined means the 5-minute default. */
  readonly ttl: '5m' | '1h' | undefined;
  /** Tokens of everything before the point (the prefix it would cache). */
  readonly prefixTokens: number;
  readonly prefixHash: string;
  /** How many content blocks (tools, system blocks, message blocks) come before the point. */
  readonly boundary: number;
}

/** The prompt up to the end of one content block: where Bedrock's lookback may find an entry. */
export interface BlockBoundary {
  readonly prefixTokens: number;
  readonly prefixHash: string;
}

export interface PromptLayout {
  readonly totalTokens: number;
  readonly points: readonly CachePointSite[];
  /** One per content block, in caching order: boundaries[i] ends after block i. */
  readonly boundaries: readonly BlockBoundary[];
}

export interface ConverseInput {
  messages?: unknown;
  system?: unknown;
  toolConfig?: unknown;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

class PrefixWalker {
  private readonly hash: Hash = createHash('sha256');
  tokens = 0;
  readonly points: CachePointSite[] = [];
  readonly boundaries: BlockBoundary[] = [];

  add(kind: string, value: unknown, tokens: number): void {
    this.hash.update(`${kind}:${canonicalJson(value)}\n`);
    this.tokens += tokens;
    // Role framing opens a message; only content blocks end at a boundary.
    if (kind !== 'role') this.boundaries.push({ prefixTokens: this.tokens, prefixHash: this.hash.copy().digest('hex') });
  }

  cachePoint(location: CacheLocation, path: string, block: unknown): void {
    if (!isObject(block) || block.type !== 'default') {
      throw validation(`${path}.cachePoint.type: the only supported cache point type is "default".`);
    }
    const ttl = block.ttl;
    if (ttl !== undefined && ttl !== '5m' && ttl !== '1h') {
      throw validation(`${path}.cachePoint.ttl: "${String(ttl)}" is not a valid TTL; use "5m" or "1h".`);
    }
    this.points.push({ location, path, ttl, prefixTokens: this.tokens, prefixHash: this.hash.copy().digest('hex'), boundary: this.boundaries.length });
  }
}

function walkTools(walker: PrefixWalker, toolConfig: unknown): void {
  if (toolConfig === undefined) return;
  if (!isObject(toolConfig) || !Array.isArray(toolConfig.tools) || toolConfig.tools.length === 0) {
    throw validation('The toolConfig field must be defined with at least one tool.');
  }
  toolConfig.tools.forEach((tool, i) => {
    if (isObject(tool) && 'cachePoint' in tool) walker.cachePoint('tools', `toolConfig.tools.${i}`, tool.cachePoint);
    else walker.add('tool', tool, countTool(tool));
  });
}

function walkSystem(walker: PrefixWalker, system: unknown): void {
  if (system === undefined) return;
  if (!Array.isArray(system)) throw validation('The system field must be a list of content blocks.');
  system.forEach((block, i) => {
    if (isObject(block) && 'cachePoint' in block) walker.cachePoint('system', `system.${i}`, block.cachePoint);
    else walker.add('system', block, countBlock(block));
  });
}

function walkMessages(walker: PrefixWalker, messages: unknown): void {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw validation('The messages field must contain at least one message.');
  }
  messages.forEach((message, m) => {
    if (!isObject(message) || (message.role !== 'user' && message.role !== 'assistant')) {
      throw validation(`messages.${m}.role: must be "user" or "assistant".`);
    }
    if (m === 0 && message.role !== 'user') throw validation('A conversation must start with a user message. Try again with a conversation that starts with a user message.');
    const content = message.content;
    if (!Array.isArray(content) || content.length === 0) {
      throw validation(`The content field in the Message object at messages.${m} is empty. Add a ContentBlock object to the content field and try again.`);
    }
    if (content.every((b) => isObject(b) && 'cachePoint' in b)) {
      throw validation(`The content field in the Message object at messages.${m} holds only a cachePoint. A cachePoint must follow other content in the same message.`);
    }
    walker.add('role', message.role, MESSAGE_FRAMING_TOKENS);
    content.forEach((block, b) => {
      const path = `messages.${m}.content.${b}`;
      if (isObject(block) && 'cachePoint' in block) {
        const previous = content[b - 1];
        if (isObject(previous) && 'reasoningContent' in previous) {
          throw validation(`${path}: a cachePoint cannot directly follow a reasoningContent block.`);
        }
        walker.cachePoint('messages', path, block.cachePoint);
      } else {
        walker.add('block', block, countBlock(block));
      }
    });
  });
}

/** Lays out a Converse-shaped input (`messages`, `system`, `toolConfig`) in caching order. */
export function layoutPrompt(input: ConverseInput): PromptLayout {
  const walker = new PrefixWalker();
  walkTools(walker, input.toolConfig);
  walkSystem(walker, input.system);
  walkMessages(walker, input.messages);
  return { totalTokens: walker.tokens, points: walker.points, boundaries: walker.boundaries };
}
