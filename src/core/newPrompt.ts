/**
 * The text of a new cached prompt (*New Cached Prompt…*): a model, a strategy, a long stable
 * system part closed by a cache point, and the changing question after it. The comments in the
 * body say what each part is for, so the file teaches the layout that caches well.
 */
import type { Strategy } from './promptConfig';

export function newPromptText(modelId: string, strategy: Strategy, ttl: '5m' | '1h' = '5m'): string {
  return [
    '---',
    `model: ${modelId}`,
    'config:',
    '  maxOutputTokens: 800',
    'input:',
    '  schema:',
    '    question: string',
    '  default:',
    '    question: What does this document say about refunds?',
    `cache.strategy: ${strategy}`,
    ...(ttl === '1h' ? ['cache.ttl: 1h'] : []),
    '---',
    '{{role "system"}}',
    '{{! Stable part: instructions and reference text that are the same on every call. }}',
    '{{! Caching pays off once it reaches the model minimum (see the lens on the cache point). }}',
    'You are a careful assistant. Answer from the reference text below and quote it.',
    '',
    'Reference text: paste the document, the policy or the examples here.',
    ttl === '1h' ? '{{cachePoint ttl="1h"}}' : '{{cachePoint}}',
    '{{role "user"}}',
    '{{! Changing part: after the last cache point, so every call can read the cached prefix. }}',
    '{{question}}',
    '',
  ].join('\n');
}
