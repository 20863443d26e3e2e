/**
 * File texts cached by path and modification time: partials are read on every analysis (every
 * keystroke in a prompt that includes them), and most of those reads would return the same text.
 * A changed modification time or size reads the file again; the editor's file watcher also drops
 * an entry as soon as the file changes, for edits within the clock's resolution.
 */
import { readFileSync, statSync } from 'node:fs';

const LIMIT = 512;

export class FileTextCache {
  private readonly entries = new Map<string, { mtimeMs: number; size: number; text: string }>();
  /** Reads from disk (for tests). */
  reads = 0;

  /** The file's text; throws as readFileSync does when it cannot be read. */
  read(path: string): string {
    const stat = statSync(path);
    const hit = this.entries.get(path);
    if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.text;
    this.reads++;
    const text = readFileSync(path, 'utf8');
    if (!hit && this.entries.size >= LIMIT) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text });
    return text;
  }

  /** Drops a path; true when it was cached (something read it, so analyses may be stale). */
  invalidate(path: string): boolean {
    return this.entries.delete(path);
  }

  clear(): void {
    this.entries.clear();
  }
}

/** The cache partials are read through, shared by every analysis in the process. */
export const partialTexts = new FileTextCache();
