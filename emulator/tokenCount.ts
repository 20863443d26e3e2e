// The emulator's token counter: deterministic and documented in README.md, so that tests can
// compute expected usage figures themselves. It is cl100k on text (the real Claude and Nova
// tokenizers are not public), a fixed cost per media block, and the JSON text of structured parts.
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';

/** Tokens charged for the role framing of every message, counted where the message starts. */
export const MESSAGE_FRAMING_TOKENS = 3;
/** Fixed costs for media whose bytes the emulator does not look into. */
export const IMAGE_TOKENS = 1600;
export const DOCUMENT_TOKENS = 1500;
export const VIDEO_TOKENS = 3000;
export const AUDIO_TOKENS = 1000;

let encoder: Tiktoken | undefined;

/** cl100k token count of a string; special-token strings such as `<|endoftext|>` count as plain text. */
export function countText(text: string): number {
  encoder ??= new Tiktoken(cl100k);
  return encoder.encode(text, [], []).length;
}

/** The first `limit` tokens of a string, for cutting replies at `maxTokens`. */
export function truncateToTokens(text: string, limit: number): string {
  encoder ??= new Tiktoken(cl100k);
  const tokens = encoder.encode(text, [], []);
  return tokens.length <= limit ? text : encoder.decode(tokens.slice(0, limit));
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deterministic JSON: keys sorted, so equal content always serialises (and hashes) the same way. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function countToolResultContent(item: unknown): number {
  if (!isObject(item)) return 0;
  if (typeof item.text === 'string') return countText(item.text);
  if ('json' in item) return countText(canonicalJson(item.json));
  if ('image' in item) return IMAGE_TOKENS;
  if ('document' in item) return DOCUMENT_TOKENS;
  if ('video' in item) return VIDEO_TOKENS;
  return countText(canonicalJson(item));
}

/** Tokens of one content block of a message or of the system list (cache points cost nothing). */
export function countBlock(block: unknown): number {
  if (!isObject(block)) return 0;
  if ('cachePoint' in block) return 0;
  if (typeof block.text === 'string') return countText(block.text);
  if ('image' in block) return IMAGE_TOKENS;
  if ('document' in block) return DOCUMENT_TOKENS;
  if ('video' in block) return VIDEO_TOKENS;
  if ('audio' in block) return AUDIO_TOKENS;
  if (isObject(block.toolUse)) {
    const { name, input } = block.toolUse;
    return countText(canonicalJson({ name, input }));
  }
  if (isObject(block.toolResult)) {
    const content = Array.isArray(block.toolResult.content) ? block.toolResult.content : [];
    return content.reduce((sum: number, item) => sum + countToolResultContent(item), 0);
  }
  if (isObject(block.guardContent)) {
    const text = (block.guardContent.text as Json | undefined)?.text;
    return typeof text === 'string' ? countText(text) : 0;
  }
  if (isObject(block.reasoningContent)) {
    const text = (block.reasoningContent.reasoningText as Json | undefined)?.text;
    return typeof text === 'string' ? countText(text) : 0;
  }
  return countText(canonicalJson(block));
}

/** Tokens of one entry of `toolConfig.tools`: the canonical JSON of its specification. */
export function countTool(tool: unknown): number {
  if (!isObject(tool) || 'cachePoint' in tool) return 0;
  return countText(canonicalJson(tool.toolSpec ?? tool.systemTool ?? tool));
}
