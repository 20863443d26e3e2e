/**
 * The last analyses and preparations in the process, reused when the same prompt is prepared again
 * with nothing changed: a run repeated from the editor, a comparison's cells run after they were
 * analyzed, a script that runs one file in a loop. Analysis, rendering and building the request
 * cost a run about half a millisecond before anything is sent, several percent of the first token
 * of a fast model close by.
 *
 * A preparation is reused only when everything it depended on is the same: the prompt's text,
 * every option, what the project declares, and every file it read. The sources are still made
 * afresh each time under the one workspace rule, and each read the preparation made (a partial,
 * the tools file, a media file, a media check) is repeated through them: any answer that differs
 * (a changed partial, a file now outside the workspace) makes the preparation run again in full.
 */
import { isDeepStrictEqual } from 'node:util';
import { BoundedMemo } from '../core/boundedMemo';
import type { PromptSources } from './promptSources';

/** Entries kept: a comparison's cells are one prompt with a few models. */
const LIMIT = 8;
/**
 * Characters of prompt text, partials and media bytes kept in all: a few huge prompts (or one
 * with a large picture) must not stay in memory for long.
 */
const BUDGET = 4 * 1024 * 1024;

/** One read a preparation made through its sources, with what it got. */
export interface SourceRead {
  kind: 'partial' | 'tools' | 'checkMedia' | 'media' | 'inputFile';
  arg: string;
  result: unknown;
}

export interface MemoEntry<T> {
  text: string;
  reads: readonly SourceRead[];
  value: T;
  /** What it holds against the budget. */
  size: number;
}

/** The text and bytes an entry holds: the prompt and what its reads got. */
function sizeOf(text: string, reads: readonly SourceRead[]): number {
  let size = text.length;
  for (const { result } of reads) {
    if (typeof result !== 'object' || result === null) continue;
    const { text: read, bytes } = result as { text?: unknown; bytes?: unknown };
    if (typeof read === 'string') size += read.length;
    if (bytes instanceof Uint8Array) size += bytes.byteLength;
  }
  return size;
}

/** Sources that log every read made through them, so a later preparation can repeat each one. */
export function recordingSources(sources: PromptSources): { sources: PromptSources; reads: SourceRead[] } {
  const reads: SourceRead[] = [];
  const logged = <R>(kind: SourceRead['kind'], read: (arg: string) => R) => (arg: string): R => {
    const result = read(arg);
    reads.push({ kind, arg, result });
    return result;
  };
  return {
    reads,
    sources: {
      ...sources,
      partials: { read: logged('partial', (name) => sources.partials.read(name)) },
      readToolsFile: logged('tools', sources.readToolsFile),
      checkMedia: logged('checkMedia', sources.checkMedia),
      readMedia: logged('media', sources.readMedia),
      resolveInputFile: logged('inputFile', sources.resolveInputFile),
    },
  };
}

function repeat(read: SourceRead, sources: PromptSources): unknown {
  switch (read.kind) {
    case 'partial': return sources.partials.read(read.arg);
    case 'tools': return sources.readToolsFile(read.arg);
    case 'checkMedia': return sources.checkMedia(read.arg);
    case 'media': return sources.readMedia(read.arg);
    case 'inputFile': return sources.resolveInputFile(read.arg);
  }
}

/**
 * A value's JSON when it is plain data (strings, finite numbers, booleans, null, arrays and plain
 * objects), else undefined: a Date, a function or an undefined field would render differently
 * from its JSON, so such inputs are never matched by it.
 */
export function plainJson(value: unknown): string | undefined {
  return isPlain(value, 0) ? JSON.stringify(value) : undefined;
}

function isPlain(value: unknown, depth: number): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value !== 'object' || depth > 64) return false;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value) ? proto !== Array.prototype : proto !== Object.prototype && proto !== null) return false;
  // Every own property a template could read must be in the JSON: no hidden ones, no getters
  // (read once here, maybe differently when rendered), no holes, no symbols.
  const names = Object.getOwnPropertyNames(value);
  for (const name of names) {
    if (Array.isArray(value) && name === 'length') continue;
    const property = Object.getOwnPropertyDescriptor(value, name)!;
    if (!property.enumerable || !('value' in property) || !isPlain(property.value, depth + 1)) return false;
  }
  if (Array.isArray(value) && names.length !== value.length + 1) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

/**
 * Objects named in a key by identity (a catalog, probe results, a caller's analysis): they must
 * never be changed in place, only replaced (the editor's settings keep one catalog while they hold).
 */
const identities = new WeakMap<object, number>();
let nextIdentity = 1;

export function identityOf(value: object | undefined): number {
  if (value === undefined) return 0;
  let id = identities.get(value);
  if (id === undefined) identities.set(value, id = nextIdentity++);
  return id;
}

export class PreparationMemo<T> {
  private readonly kept = new BoundedMemo<MemoEntry<T>>(LIMIT, BUDGET);

  /** What is kept under `key` when the text is the same and every read it made answers the same through `sources`. */
  lookup(key: string, text: string, sources: PromptSources): MemoEntry<T> | undefined {
    const entry = this.kept.get(key);
    if (!entry || entry.text !== text) return undefined;
    for (const read of entry.reads) {
      if (!isDeepStrictEqual(repeat(read, sources), read.result)) {
        this.kept.delete(key);
        return undefined;
      }
    }
    // Used again: the last to be dropped (a run repeated among runs with ever new inputs stays).
    this.kept.set(key, entry, entry.size);
    return entry;
  }

  store(key: string, text: string, reads: readonly SourceRead[], value: T): void {
    // The key holds the inputs and history; the value is about as large as the prompt and those.
    const size = sizeOf(text, reads) + key.length;
    if (size > BUDGET) this.kept.delete(key);
    else this.kept.set(key, { text, reads, value, size }, size);
  }
}
