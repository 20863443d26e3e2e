/**
 * Genkit's rule for partials: every `_name.prompt` anywhere in the prompt folder tree is the
 * partial `name`, whatever subfolder the prompt using it sits in. Applied by default when the
 * prompt lies under a folder named `prompts`, or the project is a Genkit project (its manifest
 * names genkit).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

const MANIFESTS = ['package.json', 'go.mod', 'pyproject.toml', 'requirements.txt', 'pom.xml', 'build.gradle', 'build.gradle.kts'];
const MAX_FOLDERS = 500;

/** The root of the prompt tree the file belongs to, or undefined when the rule does not apply. */
export function promptTreeRoot(promptFile: string, roots: readonly string[]): string | undefined {
  const root = roots.map((r) => resolve(r)).find((r) => !relative(r, promptFile).startsWith('..'));
  if (!root) return undefined;
  for (let dir = dirname(resolve(promptFile)); ; dir = dirname(dir)) {
    if (basename(dir) === 'prompts') return dir;
    if (dir === root || dirname(dir) === dir) break;
  }
  return isGenkitProject(root) ? dirname(resolve(promptFile)) : undefined;
}

function isGenkitProject(root: string): boolean {
  return MANIFESTS.some((name) => {
    const path = join(root, name);
    try {
      return existsSync(path) && /genkit/i.test(readFileSync(path, 'utf8').slice(0, 200_000));
    } catch {
      return false;
    }
  });
}

/** Every folder of the tree (the root first), skipping dependency and hidden folders. */
export function treeFolders(root: string): string[] {
  const out = [root];
  for (let i = 0; i < out.length && out.length < MAX_FOLDERS; i++) {
    let entries;
    try {
      entries = readdirSync(out[i], { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules') out.push(join(out[i], entry.name));
    }
  }
  return out;
}
