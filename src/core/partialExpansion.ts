/**
 * A partial's text with the partials it includes written in place, as Handlebars would render
 * them: the layout reads the role, history, media and section markers a partial brings in.
 */
import { partialBody, type PartialSource } from './renderer';

const PARTIAL_CALL = /\{\{~?>\s*(?:"([^"]*)"|'([^']*)'|\[([^\]]*)\]|([\w./-]+))[^}]*\}\}/g;

/** Undefined when the partial (or one it includes) cannot be read, or when partials include each other. */
export function expandPartial(name: string, partials: PartialSource, seen: readonly string[] = []): string | undefined {
  if (seen.includes(name) || seen.length > 32) return undefined;
  const found = partials.read(name);
  if (!found.found) return undefined;
  let failed = false;
  const expanded = partialBody(found.text).replace(PARTIAL_CALL, (_all, a?: string, b?: string, c?: string, d?: string) => {
    const inner = expandPartial(a ?? b ?? c ?? d ?? '', partials, [...seen, name]);
    if (inner === undefined) failed = true;
    return inner ?? '';
  });
  return failed ? undefined : expanded;
}
