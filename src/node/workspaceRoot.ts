/**
 * The one rule for which folders a prompt may read files from (partials, tool lists, media, stable
 * inputs), for every command in the editor and the CLI. Not simply the prompt's folder: a prompt
 * lying in the home folder would make ~/.aws readable. The workspace is, in this order: an explicit
 * `--workspace`; the editor's workspace folders; the nearest folder above the prompt that marks a
 * project (.git, .vscode, package.json) — never the home folder or the filesystem root, which give
 * no readable folder at all, so every file the prompt names is refused until a workspace says so.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, parse, resolve } from 'node:path';

const MARKERS = ['.git', '.vscode', 'package.json'];

/** The nearest project folder above the prompt (the prompt's own folder when none is marked). */
export function projectRoot(promptFile: string, home: string = homedir()): string {
  const start = dirname(resolve(promptFile));
  const stop = new Set([resolve(home), parse(start).root]);
  for (let dir = start; !stop.has(dir); dir = dirname(dir)) {
    if (MARKERS.some((m) => existsSync(resolve(dir, m)))) return dir;
    if (dirname(dir) === dir) break;
  }
  return start;
}

export interface WorkspaceRootOptions {
  /** `--workspace DIR`: wins over everything. */
  explicit?: string;
  /** The editor's open workspace folders. */
  folders?: readonly string[];
  home?: string;
}

/** Folders the prompt may read from; empty when it may read nothing (a prompt in the home folder). */
export function promptWorkspaceRoots(promptFile: string, options: WorkspaceRootOptions = {}): string[] {
  if (options.explicit) return [resolve(options.explicit)];
  if (options.folders && options.folders.length > 0) return options.folders.map((f) => resolve(f));
  const home = resolve(options.home ?? homedir());
  const root = projectRoot(promptFile, home);
  return root === home || root === parse(root).root ? [] : [root];
}
