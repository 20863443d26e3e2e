/**
 * Loads the extension's grammar the way VS Code does (through the `contributes.grammars` entry of
 * package.json) into the real vscode-textmate engine, so the checks here see what the editor sees.
 * The frontmatter embeds `source.yaml`; VS Code ships its own YAML grammar, tests borrow one from
 * the tm-grammars package.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const repoRoot = join(__dirname, '..', '..');

interface GrammarContribution { language?: string; scopeName: string; path: string }

function grammarFiles(): Map<string, string> {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const files = new Map<string, string>();
  for (const g of manifest.contributes.grammars as GrammarContribution[]) files.set(g.scopeName, join(repoRoot, g.path));
  files.set('source.yaml', require.resolve('tm-grammars/grammars/yaml.json'));
  return files;
}

let grammar: Promise<vsctm.IGrammar> | undefined;

export function dotpromptGrammar(): Promise<vsctm.IGrammar> {
  grammar ??= (async () => {
    const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const files = grammarFiles();
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = files.get(scopeName);
        return file ? vsctm.parseRawGrammar(readFileSync(file, 'utf8'), file) : null;
      },
    });
    const loaded = await registry.loadGrammar('source.dotprompt');
    if (!loaded) throw new Error('source.dotprompt grammar did not load');
    return loaded;
  })();
  return grammar;
}

export interface Token { text: string; line: number; scopes: string[] }

/** Tokenizes a whole document, line by line, carrying the rule stack as the editor does. */
export async function tokenize(text: string): Promise<Token[]> {
  const g = await dotpromptGrammar();
  const tokens: Token[] = [];
  let stack = vsctm.INITIAL;
  text.split(/\r?\n/).forEach((lineText, line) => {
    const result = g.tokenizeLine(lineText, stack);
    for (const t of result.tokens) tokens.push({ text: lineText.slice(t.startIndex, t.endIndex), line, scopes: t.scopes });
    stack = result.ruleStack;
  });
  return tokens;
}

/**
 * The texts carrying `scope`, adjacent tokens on a line joined (some grammars split one word
 * into several tokens of the same scope).
 */
export function textsWithScope(tokens: Token[], scope: string): string[] {
  const runs: string[] = [];
  let previous: Token | undefined;
  for (const t of tokens) {
    const inScope = t.scopes.includes(scope);
    if (inScope && previous?.scopes.includes(scope) && previous.line === t.line) runs[runs.length - 1] += t.text;
    else if (inScope) runs.push(t.text);
    previous = t;
  }
  return runs;
}
