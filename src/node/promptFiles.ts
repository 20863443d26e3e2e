/**
 * Reads the files a prompt refers to (partials, tool lists, media) from disk, confined to the
 * workspace folders after resolving symlinks, so a cloned prompt cannot pull in `~/.aws/credentials`.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { PartialLookup, PartialSource } from '../core/renderer';
import { partialTexts, type FileTextCache } from './fileTextCache';

export type FileLookup = { found: true; path: string } | { found: false; refused?: string };

export class WorkspaceFiles {
  private readonly roots: string[];

  /** @param roots workspace folders; the prompt's own folder when there is none. */
  constructor(roots: string[]) {
    this.roots = roots.map((root) => safeRealpath(resolve(root)));
  }

  /** Resolves `name` against `baseDir`, refusing anything that lands outside the workspace. */
  resolve(baseDir: string, name: string): FileLookup {
    const checked = this.check(baseDir, name);
    if ('refusal' in checked) return { found: false, refused: `Refused "${name}": ${checked.refusal}` };
    return checked.exists ? { found: true, path: checked.real } : { found: false };
  }

  /** Where `name` really lands, or why it may not be read. */
  private check(baseDir: string, name: string): { refusal: string } | { real: string; exists: boolean } {
    if (/^(~|file:|\\\\|\/\/)/i.test(name)) return { refusal: 'only files inside the workspace can be included.' };
    const full = isAbsolute(name) ? name : resolve(baseDir, name);
    const exists = existsSync(full);
    // A path outside is refused whether or not it exists, so a prompt cannot probe the disk.
    const real = exists ? safeRealpath(full) : realpathOfMissing(full);
    if (!this.inside(real)) return { refusal: `it resolves outside the workspace (${this.describe(real)}).` };
    return { real, exists };
  }

  inside(path: string): boolean {
    return this.roots.some((root) => {
      const rel = relative(root, path);
      return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep));
    });
  }

  readText(baseDir: string, name: string): { text: string; path: string } | { error: string } {
    const found = this.resolve(baseDir, name);
    if (!found.found) return { error: found.refused ?? `File "${name}" not found next to the prompt.` };
    try {
      if (!statSync(found.path).isFile()) return { error: `"${name}" is not a file.` };
      return { text: readFileSync(found.path, 'utf8'), path: found.path };
    } catch (error) {
      return { error: `Cannot read "${name}": ${(error as Error).message}` };
    }
  }

  /**
   * Partials: `_name.prompt` or `name.prompt` next to the file, then in the extra folders. A name
   * with folders (`shared/rules`) is `shared/_rules.prompt`, as Dotprompt's own file store names it.
   */
  partialSource(promptFile: string, extraFolders: string[] = [], texts: FileTextCache = partialTexts): PartialSource {
    const folders = [dirname(promptFile), ...extraFolders.map((f) => resolve(dirname(promptFile), f))];
    return {
      read: (name: string): PartialLookup => {
        const searched: string[] = [];
        for (const folder of folders) {
          for (const candidate of partialCandidates(name)) {
            const path = join(folder, candidate);
            searched.push(relativeOrSelf(dirname(promptFile), path));
            const found = this.check(folder, candidate);
            if ('refusal' in found) return { found: false, refused: `Refused the partial "${name}" (${candidate}): ${found.refusal}`, searched };
            if (found.exists) {
              try {
                return { found: true, text: texts.read(found.real), path: found.real };
              } catch {
                continue;
              }
            }
          }
        }
        return { found: false, searched };
      },
    };
  }

  /** Where a refused path lands, relative to the nearest workspace folder. */
  private describe(path: string): string {
    const candidates = this.roots.map((root) => relative(root, path)).sort((a, b) => a.length - b.length);
    return candidates[0] ?? 'outside every workspace folder';
  }
}

function partialCandidates(name: string): string[] {
  const slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
  const underscored = slash >= 0 ? `${name.slice(0, slash + 1)}_${name.slice(slash + 1)}.prompt` : `_${name}.prompt`;
  return [...new Set([underscored, `_${name}.prompt`, `${name}.prompt`])];
}

function relativeOrSelf(from: string, path: string): string {
  const rel = relative(from, path);
  return rel || path;
}

/** A missing path's real location: its deepest existing folder resolved, the rest appended. */
function realpathOfMissing(path: string): string {
  const rest: string[] = [];
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return path;
    rest.unshift(basename(current));
    current = parent;
  }
  return join(safeRealpath(current), ...rest);
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
