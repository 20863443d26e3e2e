/**
 * Builds the benchmark prompts from real text at bench time: the README.md files (English prose
 * and Markdown) and .d.ts type declarations (source code) of the packages installed in
 * node_modules, chosen by sorted path, so the same lockfile gives the same prompt on any machine.
 * Nothing from these packages is stored in the repository.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..');
const MODULES = join(ROOT, 'node_modules');
/** Each file contributes at most this much, so the prompt mixes many authors and styles. */
const PER_FILE = 24 * 1024;

export interface RealPrompt {
  text: string;
  blocks: number;
  files: number;
  /** Share of the body's characters taken from READMEs (the rest is type declarations). */
  proseShare: number;
}

function walk(dir: string, out: { readmes: string[]; decls: string[] }): void {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let stat;
    try { stat = statSync(path); } catch { continue; }
    if (stat.isDirectory()) walk(path, out);
    else if (name === 'README.md') out.readmes.push(path);
    else if (name.endsWith('.d.ts')) out.decls.push(path);
  }
}

let found: { readmes: string[]; decls: string[] } | undefined;
function sources(): { readmes: string[]; decls: string[] } {
  if (!found) {
    found = { readmes: [], decls: [] };
    walk(MODULES, found);
    const byPath = (a: string, b: string) => (relative(MODULES, a) < relative(MODULES, b) ? -1 : 1);
    found.readmes.sort(byPath);
    found.decls.sort(byPath);
  }
  return found;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13) return true;
  }
  return false;
}

/** Text usable as a block body: no Handlebars syntax of its own, no control characters. */
function usable(text: string): string | undefined {
  if (text.includes('{{') || text.includes('}}') || hasControl(text)) return undefined;
  const cleaned = text.replace(/\r\n?/g, '\n').trim();
  return cleaned.length >= 400 ? cleaned : undefined;
}

/** Files in turn, one README then one declaration file, each cut at a line end to PER_FILE. */
function* stream(): Generator<{ text: string; prose: boolean }> {
  const { readmes, decls } = sources();
  for (let i = 0; i < Math.max(readmes.length, decls.length); i++) {
    for (const [list, prose] of [[readmes, true], [decls, false]] as const) {
      if (i >= list.length) continue;
      const text = usable(readFileSync(list[i], 'utf8'));
      if (!text) continue;
      const cut = text.length <= PER_FILE ? text.length : text.lastIndexOf('\n', PER_FILE);
      yield { text: text.slice(0, cut > 0 ? cut : PER_FILE), prose };
    }
  }
}

/**
 * A .prompt of `blocks` blocks of about `bytesPerBlock` characters each: a system prompt, then
 * user sections, with an author's cache point every 50 blocks and a question input at the end.
 */
export function realPrompt(blocks: number, bytesPerBlock: number): RealPrompt {
  const bodies: string[] = [];
  let current = '';
  let files = 0;
  let prose = 0;
  let total = 0;
  for (const file of stream()) {
    files++;
    for (const line of file.text.split('\n')) {
      current += line + '\n';
      total += line.length + 1;
      if (file.prose) prose += line.length + 1;
      if (current.length >= bytesPerBlock) {
        bodies.push(current.trimEnd());
        current = '';
        if (bodies.length === blocks) break;
      }
    }
    if (bodies.length === blocks) break;
  }
  if (bodies.length < blocks) throw new Error(`node_modules holds only ${bodies.length} blocks of real text; run npm ci first.`);
  const parts = ['---', 'model: us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'input:', '  default:', '    question: What changed?', 'cache.stable: [doc]', '---', '{{role "system"}}'];
  bodies.forEach((body, b) => {
    if (b === 1) parts.push('{{role "user"}}');
    else if (b > 0) parts.push(b % 50 === 0 ? '{{cachePoint}}' : `{{section "part${b}"}}`);
    parts.push(body);
  });
  parts.push('Question: {{question}}', '');
  return { text: parts.join('\n'), blocks, files, proseShare: prose / total };
}
