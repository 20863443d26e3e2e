/**
 * Stand-ins for helpers a project registers in code (`defineHelper`): the file cannot show what
 * they print, so a declared "text" helper renders its first argument as it is, and a "block"
 * helper renders its body once. Close enough to count tokens and lay out the request; never a
 * template error for a helper that exists at run time.
 */
import type Handlebars from 'handlebars';

export type HelperKind = 'text' | 'block';

export interface DeclaredTemplateParts {
  helpers?: Record<string, HelperKind>;
  schemas?: Record<string, unknown>;
}

function textValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(textValue).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function declaredHelpers(helpers: Record<string, HelperKind> = {}): Record<string, Handlebars.HelperDelegate> {
  const out: Record<string, Handlebars.HelperDelegate> = {};
  for (const [name, kind] of Object.entries(helpers)) {
    out[name] = kind === 'block'
      ? function (this: unknown, ...args: unknown[]) {
        const options = args.at(-1) as Handlebars.HelperOptions;
        return typeof options?.fn === 'function' ? options.fn(this) : '';
      }
      : (...args: unknown[]) => textValue(args.length > 1 ? args[0] : undefined);
  }
  return out;
}
