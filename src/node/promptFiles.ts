/**
 * Reads the files a prompt refers to (partials, tool lists, media) from disk, confined to the
 * workspace folders after resolving symlinks, so a cloned prompt cannot pull in `~/.aws/credentials`.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { PartialLookup, PartialSource } from '../core/renderer';

export type FileLookup = { found: true; path: string } | { found: false; refused?: string };

export class WorkspaceFiles {
  private readonly roots: string[];

  /** @param roots workspace folders; the prompt's own folder when there is none. */
  constructor(roots: string[]) {
    this.roots = roots.map((root) => safeRealpath(resolve(root)));
  }

  /** Resolves `name` against `baseDir`, refusing anything that lands outside the workspace. */
  resolve(baseDir: string, name: string): FileLookup {
    if (/^(~|file:|\\\\|\/\/)/i.test(name)) return { found: false, refused: `Refused "${name}": only files inside the workspace can be included.` };
    const full = isAbsolute(name) ? name : resolve(baseDir, name);
    // Checked before existence, so a prompt cannot probe which files exist outside the workspace.
    const real = existsSync(full) ? safeRealpath(full) : realpathOfMissing(full);
    if (!this.inside(real)) return { found: false, refused: `Refused "${name}": it resolves outside the workspace (${this.describe(real)}).` };
    if (!existsSync(full)) return { found: false };
    return { found: true, path: real };
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

  /** Partials: `_name.prompt` or `name.prompt` next to the file, then in the extra folders. */
  partialSource(promptFile: string, extraFolders: string[] = []): PartialSource {
    const folders = [dirname(promptFile), ...extraFolders.map((f) => resolve(dirname(promptFile), f))];
    return {
      read: (name: string): PartialLookup => {
        const searched: string[] = [];
        for (const folder of folders) {
          for (const candidate of [`_${name}.prompt`, `${name}.prompt`]) {
            const path = join(folder, candidate);
            searched.push(relativeOrSelf(dirname(promptFile), path));
            const found = this.resolve(folder, candidate);
            if (!found.found && found.refused) return { found: false, refused: found.refused, searched };
            if (found.found) {
              try {
                return { found: true, text: readFileSync(found.path, 'utf8'), path: found.path };
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

  private describe(path: string): string {
    return path.startsWith(dirname(this.roots[0] ?? '')) ? relative(this.roots[0] ?? '', path) : 'outside every workspace folder';
  }
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
