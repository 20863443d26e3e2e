/**
 * Counts `cache-volatile-content` findings on examples/ and the shared Dotprompt corpus (read in
 * place, never copied), twice: the files as they are, and with a cache point added at the end of
 * each so that the whole file is a cached prefix. Each hypothetical finding is printed with its
 * line for a person to judge (docs/diagnostics.md keeps the verdict).
 *
 *   node --import tsx scripts/measureVolatileLint.ts [FOLDER...]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Analyzer } from '../src/core/analyzer';
import { VOLATILE_CODE } from '../src/core/volatileContent';
import { analyzePrompt } from '../src/node/promptPreparation';

const DEFAULT_FOLDERS = [resolve(__dirname, '../examples'), resolve(__dirname, '../../shared/corpus/dotprompt-projects')];

function prompts(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules' && entry.name !== '.git') prompts(path, out);
    else if (entry.isFile() && entry.name.endsWith('.prompt')) out.push(path);
  }
  return out;
}

async function main(): Promise<void> {
  const folders = (process.argv.length > 2 ? process.argv.slice(2).map((f) => resolve(f)) : DEFAULT_FOLDERS).filter((f) => existsSync(f));
  const analyzer = new Analyzer();
  let files = 0;
  let asIs = 0;
  let whole = 0;
  for (const folder of folders) {
    for (const file of prompts(folder)) {
      files++;
      const text = readFileSync(file, 'utf8');
      const name = relative(process.cwd(), file);
      const lint = async (t: string) => (await analyzePrompt({ file, text: t, workspaceRoots: [folder], analyzer })).analysis.findings.filter((f) => f.code === VOLATILE_CODE);
      for (const f of await lint(text)) { asIs++; console.log(`as is   ${name}:${f.range.start.line + 1}: ${f.message}`); }
      const lines = text.split(/\r?\n/);
      for (const f of await lint(`${text.replace(/\s*$/, '')}\n{{cachePoint}}\n`)) {
        whole++;
        console.log(`whole   ${name}:${f.range.start.line + 1}: ${lines[f.range.start.line]?.trim()}  —  ${f.message.slice(0, 100)}…`);
      }
    }
  }
  console.log(`${files} files; findings as they are: ${asIs}; with the whole file cached: ${whole}`);
}

void main();
