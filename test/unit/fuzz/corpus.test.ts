// The fuzz seeds: every example prompt always, and every file of the Dotprompt spec suite when the
// shared data is there (without it this reports the spec seeds skipped, with the path looked in).
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EXAMPLES_DIR, SEEDS, SPEC } from './corpus';

describe('fuzz corpus', () => {
  it('seeds every example prompt; partials are partials, not seeds', () => {
    const prompts = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.prompt') && !name.startsWith('_'));
    const seeded = SEEDS.filter((seed) => seed.name.startsWith('examples/')).map((seed) => seed.name.slice('examples/'.length));
    assert.ok(prompts.length > 0);
    assert.deepEqual(seeded.sort(), prompts.sort());
  });

  it('seeds templates from every file of the Dotprompt spec suite', { skip: SPEC.skip }, () => {
    const files = readdirSync(SPEC.path, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.yaml'));
    const seeded = new Set(SEEDS.filter((seed) => !seed.name.startsWith('examples/')).map((seed) => seed.name.split(': ')[0]));
    assert.ok(files.length > 0, `no spec files under ${SPEC.path}`);
    assert.deepEqual([...seeded].sort(), files.sort());
  });
});
