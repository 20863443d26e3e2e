/**
 * Seed texts for mutation: the project's example prompts (with their partials and tool file)
 * and every template of the Dotprompt conformance suite (with the partials each suite defines).
 * The suite is third-party data in the shared folder; without it the fuzz tests run on the
 * examples alone and corpus.test.ts reports the spec seeds as skipped.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { AnalyzeOptions } from '../../../src/core/analyzer';
import type { PartialSource } from '../../../src/core/renderer';
import { REPO_ROOT } from '../../support/paths';
import { sharedData } from '../../support/sharedData';

export const EXAMPLES_DIR = join(REPO_ROOT, 'examples');
export const SPEC = sharedData('conformance/dotprompt-spec');

export interface Seed {
  name: string;
  text: string;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

interface SpecSuite { name: string; template: string; partials?: Record<string, string>; resolverPartials?: Record<string, string> }

const partialTexts: Record<string, string> = {};
const seeds: Seed[] = [];

for (const name of readdirSync(EXAMPLES_DIR).sort()) {
  if (!name.endsWith('.prompt')) continue;
  const text = readFileSync(join(EXAMPLES_DIR, name), 'utf8');
  if (name.startsWith('_')) partialTexts[name.slice(1, -'.prompt'.length)] = text;
  else seeds.push({ name: `examples/${name}`, text });
}
for (const file of SPEC.skip ? [] : yamlFiles(SPEC.path)) {
  const suites = parse(readFileSync(file, 'utf8')) as SpecSuite[];
  for (const suite of suites) {
    if (typeof suite.template !== 'string') continue;
    seeds.push({ name: `${file.slice(SPEC.path.length + 1)}: ${suite.name}`, text: suite.template });
    for (const [key, value] of Object.entries({ ...suite.partials, ...suite.resolverPartials })) partialTexts[key] ??= value;
  }
}

export const SEEDS: readonly Seed[] = seeds;

/** Partials of the examples and of the spec suites, by name. */
export const PARTIALS: PartialSource = {
  read: (name) => (Object.hasOwn(partialTexts, name)
    ? { found: true, text: partialTexts[name], path: `_${name}.prompt` }
    : { found: false, searched: [`_${name}.prompt`, `${name}.prompt`] }),
};

const toolFiles: Record<string, string> = {
  'tools/support-tools.json': readFileSync(join(EXAMPLES_DIR, 'tools', 'support-tools.json'), 'utf8'),
  'tools/broken.json': '[{"name": "x",',
  'tools/not-a-list.json': '{"name": "x"}',
};

/** Options every fuzz analysis uses: the corpus' partials and tool files, nothing from disk. */
export const ANALYZE_OPTIONS: AnalyzeOptions = {
  partials: PARTIALS,
  readToolsFile: (path) => (Object.hasOwn(toolFiles, path) ? { text: toolFiles[path] } : { error: `${path} not found` }),
};
