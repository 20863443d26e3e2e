// The Dotprompt spec suite's YAML files, as the conformance and structure tests read them from the
// shared folder (never copied into the repository).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface SpecTest { desc?: string; data?: Record<string, unknown>; options?: Record<string, unknown>; expect: Record<string, unknown> }
export interface SpecSuite { name: string; template: string; data?: Record<string, unknown>; partials?: Record<string, string>; resolverPartials?: Record<string, string>; schemas?: Record<string, unknown>; tools?: Record<string, unknown>; tests: SpecTest[] }

/** Every `.yaml` file below `dir`, sorted. */
export function specFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return specFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  }).sort();
}
