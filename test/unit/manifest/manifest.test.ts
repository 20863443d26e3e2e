/** The manifest's contributions are complete and every command is implemented. */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../../support/paths';

const root = REPO_ROOT;
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}
const code = sources(join(root, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');

describe('manifest', () => {
  it('every command has a title and the "Prompt Cache" category, and is registered in code', () => {
    assert.ok(manifest.contributes.commands.length > 0);
    for (const command of manifest.contributes.commands) {
      assert.ok(command.title, `${command.command} has no title`);
      assert.equal(command.category, 'Prompt Cache', `${command.command} category`);
      assert.ok(code.includes(`'${command.command}'`), `${command.command} is not registered in src/`);
    }
  });

  it('every setting has a Markdown description, a default, a scope and an order, in a titled group', () => {
    const groups = [manifest.contributes.configuration].flat() as { title: string; order?: number; properties: Record<string, Record<string, unknown>> }[];
    const properties = groups.flatMap((g) => Object.entries(g.properties));
    assert.ok(properties.length > 0);
    for (const group of groups) assert.ok(group.title && typeof group.order === 'number', `group ${group.title} has a title and an order`);
    for (const [name, setting] of properties) {
      assert.ok(name.startsWith('promptCache.'), name);
      assert.ok(setting.markdownDescription, `${name} has no Markdown description`);
      assert.ok('default' in setting, `${name} has no default`);
      assert.ok(setting.scope, `${name} has no scope`);
      assert.equal(typeof setting.order, 'number', `${name} has no order`);
      if (Array.isArray(setting.enum)) assert.equal((setting.enumDescriptions as unknown[] | undefined)?.length, setting.enum.length, `${name}: every enum value is described`);
    }
    assert.ok((properties.find(([name]) => name === 'promptCache.defaultModel')?.[1].examples as unknown[]).length > 0, 'defaultModel has examples');
    assert.ok(properties.some(([name]) => name === 'promptCache.codeLens'), 'a setting turns lenses off or compact');
  });

  it('commands with nothing to do are hidden by context keys the code sets', () => {
    const when = (command: string) => manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === command)?.when ?? '';
    assert.match(when('promptCache.cancelRun'), /promptCache\.running/);
    assert.match(when('promptCache.removeAllCachePoints'), /promptCache\.hasCachePoints/);
    for (const key of ['promptCache.running', 'promptCache.hasCachePoints']) assert.ok(code.includes(`'${key}'`), `${key} is set in src/`);
  });

  it('is marketplace-ready: icon, repository, bugs, homepage, banner, changelog, walkthrough media, New File entry', () => {
    assert.ok(statSync(join(root, manifest.icon)).isFile());
    assert.match(manifest.repository.url, /^https:\/\//);
    assert.match(manifest.bugs.url, /^https:\/\//);
    assert.match(manifest.homepage, /^https:\/\//);
    assert.ok(manifest.galleryBanner.color);
    assert.ok(statSync(join(root, 'CHANGELOG.md')).isFile());
    for (const walkthrough of manifest.contributes.walkthroughs) {
      for (const step of walkthrough.steps) if (step.media.markdown) assert.ok(statSync(join(root, step.media.markdown)).isFile(), step.media.markdown);
    }
    assert.deepEqual(manifest.contributes.menus['file/newFile'].map((m: { command: string }) => m.command), ['promptCache.newPrompt']);
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8');
    assert.ok(ignore.includes('!dist/emulator.js'), 'the emulator the walkthrough starts is packaged');
  });

  it('no key pressed while typing sends a paid request: paid commands use a chord with Alt and never Enter', () => {
    const paid = new Set(['promptCache.runPrompt', 'promptCache.runPromptNTimes', 'promptCache.countTokensExact', 'promptCache.probeCaching']);
    for (const binding of manifest.contributes.keybindings ?? []) {
      if (!paid.has(binding.command)) continue;
      for (const key of [binding.key, binding.mac, binding.win, binding.linux].filter(Boolean) as string[]) {
        assert.ok(!/enter/i.test(key), `${binding.command} is bound to ${key}, which collides with Insert Line Below`);
        assert.ok(/alt\+/.test(key) && /(ctrl|cmd)\+/.test(key), `${binding.command} is bound to ${key}, not a two-modifier chord`);
      }
    }
  });

  it('activates narrowly', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(manifest.activationEvents.includes('onLanguage:dotprompt'));
  });

  it('declares the dotprompt language with its files present', () => {
    const language = manifest.contributes.languages.find((l: { id: string }) => l.id === 'dotprompt');
    assert.deepEqual(language.extensions, ['.prompt']);
    for (const path of [language.configuration, ...manifest.contributes.grammars.map((g: { path: string }) => g.path), ...manifest.contributes.snippets.map((s: { path: string }) => s.path)]) {
      assert.ok(statSync(join(root, path)).isFile(), `${path} is missing`);
    }
  });

  it('the packaged file list is an allow-list', () => {
    const ignore = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
    assert.equal(ignore[0], '**');
    assert.ok(ignore.includes('!dist/extension.js'));
    assert.ok(!ignore.some((l) => l.startsWith('!node_modules')));
  });
});
