/**
 * What a project's code registers with Dotprompt or Genkit and a .prompt file cannot show:
 * helpers (`defineHelper`), partial folders (`definePartial`, Genkit's prompt folder), named
 * schemas (`defineSchema`), and which Bedrock model stands for the file's own model. Read from
 * `prompt-cache.config.json` (or `.promptcache.json`): the nearest one above the prompt, up to the
 * workspace root, or the one `--config` names. Editor settings add to it (see `mergeDeclarations`).
 *
 * {
 *   "helpers": { "upper": "text", "list": "block" },          // or ["upper", "list"] (text)
 *   "partials": ["shared/partials"],                            // folders, from the workspace root
 *   "registeredPartials": ["header"],                           // partials defined in code (definePartial)
 *   "schemas": "schemas",                                       // a folder of NAME.json / NAME.yaml, a file, or { "Recipe": {…} }
 *   "models": { "googleai/gemini-2.5-flash": "us.anthropic.claude-sonnet-4-5-20250929-v1:0" },
 *   "folders": { "apps/chat/prompts": { …the same keys, for prompts under that folder… } }
 * }
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const PROJECT_FILE_NAMES = ['prompt-cache.config.json', '.promptcache.json'] as const;

export type HelperKind = 'text' | 'block';

export interface Declarations {
  helpers: Record<string, HelperKind>;
  /** Absolute folders searched for partials after the prompt's own folder. */
  partialFolders: string[];
  /** Partials the code registers by name (`definePartial`): found, with text the file cannot show. */
  registeredPartials: string[];
  schemas: Record<string, unknown>;
  /** The file's model → the Bedrock model to analyze, run and price with. */
  models: Record<string, string>;
  /** The project file read, if any. */
  file?: string;
  /** Problems reading the project file, each naming the file and key. */
  problems: string[];
}

export function emptyDeclarations(): Declarations {
  return { helpers: {}, partialFolders: [], registeredPartials: [], schemas: {}, models: {}, problems: [] };
}

/** A project file's current text, or undefined when there is none yet. */
export function readProjectFileText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** The project file that applies to a prompt: `explicit`, else the nearest one from its folder up to the workspace root. */
export function findProjectFile(promptFile: string, roots: readonly string[], explicit?: string): string | undefined {
  if (explicit) return resolve(explicit);
  const root = roots.find((r) => isInside(r, promptFile));
  if (!root) return undefined;
  for (let dir = dirname(resolve(promptFile)); ; dir = dirname(dir)) {
    for (const name of PROJECT_FILE_NAMES) if (existsSync(join(dir, name))) return join(dir, name);
    if (dir === resolve(root) || dirname(dir) === dir) return undefined;
  }
}

/** Declarations for one prompt: the project file's top level, then every `folders` entry that holds the prompt. */
export function projectDeclarations(promptFile: string, roots: readonly string[], explicit?: string): Declarations {
  const file = findProjectFile(promptFile, roots, explicit);
  const out = emptyDeclarations();
  if (!file) return out;
  out.file = file;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    out.problems.push(`${file}: not valid JSON: ${(error as Error).message}`);
    return out;
  }
  if (!isRecord(json)) {
    out.problems.push(`${file}: must hold a JSON object.`);
    return out;
  }
  const root = roots.find((r) => isInside(r, promptFile)) ?? dirname(file);
  addSection(out, json, file, root, '');
  const folders = json.folders;
  if (folders !== undefined && !isRecord(folders)) out.problems.push(`${file}: "folders" must map folder paths to declarations.`);
  if (isRecord(folders)) {
    // Shorter paths first, so the deepest folder's declarations win.
    for (const key of Object.keys(folders).sort((a, b) => a.length - b.length)) {
      if (!isInside(resolve(root, key), promptFile)) continue;
      const section = folders[key];
      if (isRecord(section)) addSection(out, section, file, root, `folders.${key}.`);
      else out.problems.push(`${file}: "folders.${key}" must be an object.`);
    }
  }
  return out;
}

/** Settings (editor) and project file together: the project file's entries win for the same name. */
export function mergeDeclarations(base: Partial<Declarations> | undefined, project: Declarations): Declarations {
  return {
    ...project,
    helpers: { ...base?.helpers, ...project.helpers },
    partialFolders: [...project.partialFolders, ...(base?.partialFolders ?? [])],
    registeredPartials: [...project.registeredPartials, ...(base?.registeredPartials ?? [])],
    schemas: { ...base?.schemas, ...project.schemas },
    models: { ...base?.models, ...project.models },
    problems: project.problems,
  };
}

function addSection(out: Declarations, section: Record<string, unknown>, file: string, root: string, prefix: string): void {
  const problem = (key: string, message: string) => out.problems.push(`${file}: "${prefix}${key}" ${message}`);
  const helpers = section.helpers;
  if (Array.isArray(helpers)) {
    for (const name of helpers) if (typeof name === 'string') out.helpers[name] = 'text'; else problem('helpers', 'must list helper names.');
  } else if (isRecord(helpers)) {
    for (const [name, kind] of Object.entries(helpers)) {
      if (kind === 'text' || kind === 'block') out.helpers[name] = kind;
      else problem(`helpers.${name}`, 'must be "text" or "block".');
    }
  } else if (helpers !== undefined) problem('helpers', 'must be a list of names or a map of name to "text" | "block".');
  const partials = section.partials;
  if (Array.isArray(partials) && partials.every((p) => typeof p === 'string')) out.partialFolders.push(...partials.map((p) => resolve(root, p)));
  else if (partials !== undefined) problem('partials', 'must be a list of folders.');
  const registered = section.registeredPartials;
  if (Array.isArray(registered) && registered.every((p) => typeof p === 'string')) out.registeredPartials.push(...registered);
  else if (registered !== undefined) problem('registeredPartials', 'must be a list of partial names.');
  const schemas = section.schemas;
  if (typeof schemas === 'string') Object.assign(out.schemas, readSchemas(resolve(dirname(file), schemas), (m) => problem('schemas', m)));
  else if (isRecord(schemas)) Object.assign(out.schemas, schemas);
  else if (schemas !== undefined) problem('schemas', 'must be a folder or file path, or a map of schema names to schemas.');
  const models = section.models;
  if (isRecord(models)) {
    for (const [from, to] of Object.entries(models)) {
      if (typeof to === 'string' && to.trim()) out.models[from] = to.trim();
      else problem(`models.${from}`, 'must be a Bedrock model ID.');
    }
  } else if (models !== undefined) problem('models', 'must map model names to Bedrock model IDs.');
}

/** A folder of `NAME.json` / `NAME.yaml` files (one schema each), or one file mapping names to schemas. */
export function readSchemas(path: string, problem: (message: string) => void): Record<string, unknown> {
  const read = (file: string): unknown => {
    const text = readFileSync(file, 'utf8');
    return extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  };
  try {
    if (!existsSync(path)) { problem(`names ${path}, which does not exist.`); return {}; }
    if (statSync(path).isDirectory()) {
      const out: Record<string, unknown> = {};
      for (const name of readdirSync(path).sort()) {
        if (!/\.(json|ya?ml)$/.test(name)) continue;
        out[name.replace(/\.(json|ya?ml)$/, '')] = read(join(path, name));
      }
      return out;
    }
    const all = read(path);
    if (isRecord(all)) return all;
    problem(`names ${path}, which must map schema names to schemas.`);
  } catch (error) {
    problem(`cannot be read (${path}): ${(error as Error).message}`);
  }
  return {};
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(resolve(folder), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(sep));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
