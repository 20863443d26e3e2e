/**
 * Everything a prompt reads besides its own text — partials, the `bedrock.tools` file, media, stable
 * inputs picked from a file — through one confined reader, so `analyze`, the lenses, `export`,
 * `count` and `run` refuse exactly the same files.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnalyzeOptions } from '../core/analyzer';
import type { MediaReader } from '../core/converseRequest';
import type { PartialSource } from '../core/renderer';
import { WorkspaceFiles } from './promptFiles';
import { emptyDeclarations, type Declarations } from './projectConfig';
import { promptTreeRoot, treeFolders } from './promptTree';

/** Largest media file sent inline; Bedrock's own limits are lower for most formats. */
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

export interface PromptSources {
  files: WorkspaceFiles;
  partials: PartialSource;
  readToolsFile: (name: string) => { text: string; path: string } | { error: string };
  /** Why a `{{media url=…}}` may not be read; undefined when it may. */
  checkMedia: (url: string) => string | undefined;
  readMedia: MediaReader;
  /** A file picked as the value of a stable input: its real path when inside the workspace. */
  resolveInputFile: (path: string) => string | undefined;
  /** What the project's code registers (helpers, partial folders, schemas, model mapping). */
  declarations: Declarations;
}

/** Genkit's prompt tree around the file: every folder of it may hold `_name.prompt` partials. */
function treeFoldersOf(file: string, roots: readonly string[]): string[] {
  const tree = promptTreeRoot(file, roots);
  return tree ? treeFolders(tree) : [];
}

/**
 * @param roots from `promptWorkspaceRoots` (the one rule); empty means nothing may be read.
 * @param partialsPath extra partial folders, already filtered by workspace trust.
 */
export function promptSources(file: string, roots: readonly string[], partialsPath: readonly string[] = [],
  declarations: Declarations = emptyDeclarations()): PromptSources {
  const files = new WorkspaceFiles([...roots]);
  const baseDir = dirname(file);
  // The prompt tree is walked only when a partial is looked up: most analyses (every keystroke)
  // of a prompt without partials never need it.
  let partialSource: PartialSource | undefined;
  const lazyPartials: PartialSource = {
    read: (name) => (partialSource ??= files.partialSource(file, [...partialsPath, ...declarations.partialFolders, ...treeFoldersOf(file, roots)])).read(name),
  };
  return {
    files,
    declarations,
    partials: withRegistered(lazyPartials, declarations.registeredPartials),
    readToolsFile: (name) => files.readText(baseDir, name),
    checkMedia: (url) => {
      const found = files.resolve(baseDir, url);
      return found.found ? undefined : found.refused;
    },
    readMedia: mediaReader(files, baseDir),
    resolveInputFile: (path) => {
      const found = files.resolve(baseDir, path);
      return found.found ? found.path : undefined;
    },
  };
}

/** Partials registered in code by name: found, with no text of their own to show. */
function withRegistered(source: PartialSource, names: readonly string[]): PartialSource {
  if (names.length === 0) return source;
  return {
    read: (name) => {
      const found = source.read(name);
      return found.found || !names.includes(name) ? found : { found: true, text: '{{!-- registered in code --}}', path: `(partial "${name}" registered in code)` };
    },
  };
}

/** The file-reading part of the analyzer's options. */
export function analyzerSources(sources: PromptSources): Pick<AnalyzeOptions, 'partials' | 'readToolsFile' | 'checkMedia' | 'declared'> {
  const { helpers, schemas, models } = sources.declarations;
  return { partials: sources.partials, readToolsFile: sources.readToolsFile, checkMedia: sources.checkMedia, declared: { helpers, schemas, models } };
}

function mediaReader(files: WorkspaceFiles, baseDir: string): MediaReader {
  return (url) => {
    const found = files.resolve(baseDir, url);
    if (!found.found) return { error: found.refused ?? `Media file "${url}" not found next to the prompt.` };
    try {
      const size = statSync(found.path).size;
      if (size > MAX_MEDIA_BYTES) return { error: `Media file "${url}" is ${Math.round(size / 1024 / 1024)} MB; the limit is ${MAX_MEDIA_BYTES / 1024 / 1024} MB.` };
      return { bytes: new Uint8Array(readFileSync(found.path)) };
    } catch (error) {
      return { error: `Cannot read media file "${url}": ${(error as Error).message}` };
    }
  };
}

/** True when the path names a readable regular file. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
