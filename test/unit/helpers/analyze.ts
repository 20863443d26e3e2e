/** Small helpers for analyzer tests: analyze a text with in-memory partials. */
import { Analyzer, type AnalyzeOptions } from '../../../src/core/analyzer';
import type { Analysis } from '../../../src/core/analysis';
import type { PartialSource } from '../../../src/core/renderer';

export function memoryPartials(partials: Record<string, string>): PartialSource {
  return { read: (name) => (name in partials ? { found: true, text: partials[name], path: `_${name}.prompt` } : { found: false, searched: [`_${name}.prompt`] }) };
}

export function analyze(text: string, options: AnalyzeOptions & { partialTexts?: Record<string, string> } = {}): Promise<Analysis> {
  return new Analyzer().analyze(text, { ...options, partials: options.partials ?? memoryPartials(options.partialTexts ?? {}) });
}

/** A paragraph of roughly `words` words of plain English. */
export function prose(words: number, seed = 1): string {
  const vocabulary = ['the', 'contract', 'party', 'shall', 'notice', 'within', 'days', 'liability', 'service', 'term', 'agreement', 'written', 'each', 'other', 'reasonable', 'payment'];
  const out: string[] = [];
  let x = seed;
  for (let i = 0; i < words; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out.push(vocabulary[x % vocabulary.length]);
  }
  return out.join(' ') + '.';
}
