/**
 * The workspace a prompt run from the command line may read from. Not simply the current folder:
 * run from the home folder, that would make ~/.aws readable to any prompt. The workspace is the
 * nearest folder above the prompt that marks a project (.git, .vscode, package.json), never the
 * home folder or the filesystem root; else the prompt's own folder.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, parse, resolve } from 'node:path';

const MARKERS = ['.git', '.vscode', 'package.json'];

export function projectRoot(promptFile: string, home: string = homedir()): string {
  const start = dirname(resolve(promptFile));
  const stop = new Set([resolve(home), parse(start).root]);
  for (let dir = start; !stop.has(dir); dir = dirname(dir)) {
    if (MARKERS.some((m) => existsSync(resolve(dir, m)))) return dir;
    if (dirname(dir) === dir) break;
  }
  return start;
}

/**
 * Roots for a CLI call: an explicit --workspace wins. A prompt lying directly in the home folder
 * gets no readable folder at all (its partials and media are refused until --workspace says so).
 */
export function cliWorkspaceRoots(promptFile: string, explicit?: string, home: string = homedir()): string[] {
  if (explicit) return [resolve(explicit)];
  const root = projectRoot(promptFile, home);
  return root === resolve(home) ? [] : [root];
}
