/**
 * Generates syntaxes/dotprompt.tmLanguage.json from its readable YAML source. The YAML may declare
 * `variables` (shared regex pieces such as a Handlebars name); `${name}` inside a match, begin, end
 * or while regex is replaced by that variable, itself expanded. The JSON is committed so packaging
 * never depends on this step; test/unit/scripts/buildGrammar.test.ts fails when the two drift apart.
 *
 * Usage: npm run grammar
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

export const grammarSourcePath = join(__dirname, '..', 'syntaxes', 'dotprompt.tmLanguage.yaml');
export const grammarJsonPath = join(__dirname, '..', 'syntaxes', 'dotprompt.tmLanguage.json');

const REGEX_KEYS = new Set(['match', 'begin', 'end', 'while']);

export function generateGrammar(yamlText: string): string {
  const { variables = {}, ...grammar } = parse(yamlText) as { variables?: Record<string, string> } & Record<string, unknown>;

  const expand = (regex: string, chain: string[]): string =>
    regex.replace(/\$\{(\w+)\}/g, (_, name: string) => {
      if (!(name in variables)) throw new Error(`unknown grammar variable \${${name}} in ${regex}`);
      if (chain.includes(name)) throw new Error(`grammar variable cycle: ${[...chain, name].join(' -> ')}`);
      return expand(variables[name], [...chain, name]);
    });

  const walk = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key && REGEX_KEYS.has(key) ? expand(value, []) : value;
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };

  const generated = { comment: 'Generated from dotprompt.tmLanguage.yaml by `npm run grammar`: edit the YAML.', ...(walk(grammar) as object) };
  return `${JSON.stringify(generated, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(grammarJsonPath, generateGrammar(readFileSync(grammarSourcePath, 'utf8')));
  console.log(`wrote ${relative(process.cwd(), grammarJsonPath)}`);
}
