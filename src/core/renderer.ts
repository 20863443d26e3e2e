/**
 * Rendering through the official dotprompt package, with our `{{cachePoint}}` helper registered.
 * The helper emits dotprompt's own section marker, so the library's part splitter leaves a
 * metadata part exactly where the cache point goes: `{metadata: {purpose: 'cachePoint'}}` or
 * `cachePoint:1h` for an explicit TTL.
 */
import { Dotprompt, type DataArgument, type DotpromptOptions, type PromptFunction, type PromptMetadata, type RenderedPrompt } from 'dotprompt';
import Handlebars from 'handlebars';
import { declaredHelpers, type DeclaredTemplateParts } from './declaredHelpers';

export const CACHE_POINT_PURPOSE = 'cachePoint';

/** Where partial templates come from (the editor confines this to the workspace). */
export interface PartialSource {
  read(name: string): PartialLookup;
}
export type PartialLookup =
  | { found: true; text: string; path: string }
  | { found: false; refused?: string; searched: string[] };

export const NO_PARTIALS: PartialSource = { read: () => ({ found: false, searched: [] }) };

export function cachePointHelper(options: Handlebars.HelperOptions): Handlebars.SafeString {
  const ttl = options?.hash?.ttl;
  const purpose = typeof ttl === 'string' && ttl ? `${CACHE_POINT_PURPOSE}:${ttl}` : CACHE_POINT_PURPOSE;
  return new Handlebars.SafeString(`<<<dotprompt:section ${purpose}>>>`);
}

/** Strips a partial file's own frontmatter, if it has one. */
export function partialBody(text: string): string {
  const match = /^\uFEFF?(?:(?:#[^\n]*|[ \t]*)\n)*---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  return match ? text.slice(match[0].length) : text;
}

/**
 * The one way this project makes a dotprompt environment: always with {{cachePoint}}.
 *
 * dotprompt takes its Handlebars through `Handlebars.noConflict()`, which returns the one global
 * instance, so every environment would share one partial registry: a partial resolved for one
 * file (or an old version of it) would be reused for every later render. Each environment here
 * gets its own Handlebars instance instead.
 */
export function createDotprompt(partials: PartialSource = NO_PARTIALS, extra: Pick<DotpromptOptions, 'schemas' | 'tools' | 'partials'> = {},
  declared: DeclaredTemplateParts = {}): Dotprompt {
  const shared = Handlebars.noConflict;
  Handlebars.noConflict = () => {
    const own = Handlebars.create();
    // create() leaves out Visitor, which dotprompt uses to find partials.
    own.Visitor = Handlebars.Visitor;
    return own;
  };
  try {
    return new Dotprompt({
      ...extra,
      schemas: { ...(declared.schemas as DotpromptOptions['schemas']), ...extra.schemas },
      helpers: { ...declaredHelpers(declared.helpers), cachePoint: cachePointHelper },
      partialResolver: async (name: string) => {
        const found = partials.read(name);
        return found.found ? partialBody(found.text) : null;
      },
    });
  } finally {
    Handlebars.noConflict = shared;
  }
}

export async function renderPrompt(
  env: Dotprompt, source: string, data: DataArgument = {}, options?: PromptMetadata,
): Promise<RenderedPrompt> {
  return env.render(source, data, options);
}

/** Renders a body fragment (no role markers) to its plain text, for counting tokens. */
export async function renderFragmentText(env: Dotprompt | (() => Dotprompt), fragment: string, input: Record<string, unknown>): Promise<string> {
  // Plain text renders to itself (no mustache for Handlebars, no marker for dotprompt's splitter):
  // skipping the compile, and making no environment for it, keeps a keystroke in a long plain block cheap.
  if (!fragment.includes('{{') && !fragment.includes('<<<dotprompt:') && fragment.trim() !== '') return fragment;
  const rendered = await (typeof env === 'function' ? env() : env).render(fragment, { input });
  let text = '';
  for (const message of rendered.messages) {
    for (const part of message.content) {
      if ('text' in part && typeof part.text === 'string') text += part.text;
    }
  }
  return text;
}

/**
 * Compiled prompts by their text and the text of every partial they reach, so running the same
 * prompt again skips the Handlebars compile (most of a run's local cost). Bounded.
 */
export class CompiledPrompts {
  private readonly entries = new Map<string, Promise<PromptFunction>>();

  constructor(private readonly limit = 32) {}

  async render(text: string, partials: PartialSource, data: DataArgument, options?: PromptMetadata, declared: DeclaredTemplateParts = {}): Promise<RenderedPrompt> {
    const key = text + '\u0000' + partialSignature(text, partials) + '\u0000' + JSON.stringify(declared);
    let compiled = this.entries.get(key);
    if (!compiled) {
      compiled = createDotprompt(partials, {}, declared).compile(text);
      if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value as string);
      this.entries.set(key, compiled);
      compiled.catch(() => this.entries.delete(key));
    }
    return (await compiled)(data, options);
  }
}

const PARTIAL_REF = /\{\{~?>\s*([\w./-]+)/g;

/** The texts of every partial a template reaches, nested ones included (a changed partial is a new key). */
function partialSignature(text: string, partials: PartialSource): string {
  const seen = new Map<string, string>();
  const pending = [text];
  while (pending.length > 0 && seen.size < 256) {
    for (const match of pending.pop()!.matchAll(PARTIAL_REF)) {
      const name = match[1];
      if (seen.has(name)) continue;
      const found = partials.read(name);
      const body = found.found ? found.text : '';
      seen.set(name, body);
      if (body) pending.push(body);
    }
  }
  return [...seen.entries()].map(([name, body]) => `${name}\u0001${body}`).join('\u0000');
}
