/**
 * Finds a partial that includes itself, directly or through others. Handlebars would recurse
 * until the stack overflows ("Maximum call stack size exceeded"); naming the loop instead tells
 * the author which include to remove.
 */
import type { PartialSource } from './renderer';
import { scanBody } from './scanner';

/** The loop through `name` as a list of partial names (`a → b → a`), or undefined when there is none. */
export function partialCycle(name: string, partials: PartialSource, limit = 256): string[] | undefined {
  const children = new Map<string, string[]>();
  const refs = (n: string): string[] => {
    let known = children.get(n);
    if (!known) {
      const found = partials.read(n);
      known = found.found ? scanBody(found.text, 0).mustaches.filter((m) => m.kind === 'partial').map((m) => m.name) : [];
      children.set(n, known);
    }
    return known;
  };
  const path: string[] = [];
  const onPath = new Set<string>();
  const done = new Set<string>();
  const visit = (n: string): string[] | undefined => {
    if (onPath.has(n)) return [...path.slice(path.indexOf(n)), n];
    if (done.has(n) || done.size > limit) return undefined;
    path.push(n);
    onPath.add(n);
    for (const child of refs(n)) {
      const cycle = visit(child);
      if (cycle) return cycle;
    }
    path.pop();
    onPath.delete(n);
    done.add(n);
    return undefined;
  };
  return visit(name);
}

/** Any text the scanner could read as a partial (`{{> name}}`, `{{~ > name}}`, `{{{> name}}}`). */
const MAY_INCLUDE = /\{\{\{?~?\s*>/;

/** The first loop reachable from a template's own partial references. */
export function templatePartialCycle(text: string, partials: PartialSource): string[] | undefined {
  // Most prompts include no partial: one search instead of a full scan before every run.
  if (!MAY_INCLUDE.test(text)) return undefined;
  for (const m of scanBody(text, 0).mustaches) {
    if (m.kind !== 'partial') continue;
    const cycle = partialCycle(m.name, partials);
    if (cycle) return cycle;
  }
  return undefined;
}
