// The committed grammar JSON (what package.json points VS Code at, and what gets packaged) must be
// exactly what the YAML source generates, so an edit to one without the other cannot ship.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { generateGrammar, grammarJsonPath, grammarSourcePath } from '../../../scripts/buildGrammar';
import { REPO_ROOT } from '../../support/paths';

test('syntaxes/dotprompt.tmLanguage.json is up to date with its YAML source (run npm run grammar)', () => {
  assert.equal(readFileSync(grammarJsonPath, 'utf8'), generateGrammar(readFileSync(grammarSourcePath, 'utf8')));
});

test('package.json declares the generated grammar for the dotprompt language', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const entry = manifest.contributes.grammars.find((g: { language?: string }) => g.language === 'dotprompt');
  assert.equal(join(REPO_ROOT, entry.path), grammarJsonPath);
  assert.equal(entry.scopeName, JSON.parse(readFileSync(grammarJsonPath, 'utf8')).scopeName);
});

test('every ${variable} in the source is expanded and none is left unknown', () => {
  const generated = generateGrammar(readFileSync(grammarSourcePath, 'utf8'));
  assert.doesNotMatch(generated, /\$\{\w+\}/);
  assert.throws(() => generateGrammar('variables: {}\npatterns:\n  - match: a${missing}b\n'), /unknown grammar variable/);
  assert.throws(() => generateGrammar('variables: { a: "${b}", b: "${a}" }\npatterns:\n  - match: ${a}\n'), /cycle/);
  // Only regex keys are expanded: a comment may mention ${name} literally.
  assert.match(generateGrammar('variables: { a: x }\npatterns:\n  - match: ${a}\n    comment: see ${a}\n'), /"comment": "see \$\{a\}"/);
});
