// The settings facade's trust rule: in an untrusted workspace, the settings that decide where
// requests go, as whom, at what price and which files are read take the user's value only.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RESTRICTED_SETTINGS, settingsFrom, type SettingLevels } from '../../../src/editor/settingsModel';

const user: Record<string, unknown> = { endpoint: '', profile: 'mine', region: 'eu-west-1', partialsPath: ['shared'], strategy: 'aggressive' };
const workspace: Record<string, unknown> = {
  endpoint: 'https://evil.example', profile: 'theirs', region: 'us-west-2', partialsPath: ['../../'],
  models: [{ id: 'x.model', minTokens: 1 }], responseCache: 'redis', responseCacheUrl: 'redis://evil.example:6379/0', responseCacheTtl: '30d', pricing: { 'anthropic.claude-sonnet-4-5-20250929-v1:0': { input: 0 } }, strategy: 'custom',
};
const read = (key: string): SettingLevels => ({ globalValue: user[key], workspaceValue: workspace[key] });

describe('settings facade', () => {
  it('a trusted workspace\'s values win over the user\'s', () => {
    const s = settingsFrom(read, true);
    assert.equal(s.endpoint, 'https://evil.example');
    assert.equal(s.profile, 'theirs');
    assert.deepEqual(s.partialsPath, ['../../']);
    assert.ok(s.catalog.some((row) => row.id === 'x.model'));
  });

  it('an untrusted workspace cannot redirect requests, credentials, prices or file reads', () => {
    const s = settingsFrom(read, false);
    assert.equal(s.endpoint, '');
    assert.equal(s.profile, 'mine');
    assert.equal(s.region, 'eu-west-1');
    assert.deepEqual(s.partialsPath, ['shared']);
    assert.ok(!s.catalog.some((row) => row.id === 'x.model'));
    assert.equal(s.cache.strategy, 'custom', 'unrestricted settings still follow the workspace');
    assert.equal(s.responseCache, 'off', 'the workspace cannot turn the response cache on');
    assert.equal(s.responseCacheUrl, '', 'nor point it at a server');
    assert.equal(s.responseCacheTtlMs, 24 * 3600 * 1000);
  });

  it('unchanged settings give the same catalog object, so a run repeated with them reuses its preparation', () => {
    const first = settingsFrom(read, true).catalog;
    assert.equal(settingsFrom(read, true).catalog, first);
    const repriced = (key: string): SettingLevels => key === 'pricing' ? { globalValue: { 'anthropic.claude-sonnet-4-5-20250929-v1:0': { input: 1.5 } } } : read(key);
    const other = settingsFrom(repriced, true).catalog;
    assert.notEqual(other, first);
    assert.equal(other.find((row) => row.id === 'anthropic.claude-sonnet-4-5-20250929-v1:0')?.prices?.input, 1.5);
  });

  it('a trusted workspace may turn the response cache on', () => {
    const s = settingsFrom(read, true);
    assert.deepEqual([s.responseCache, s.responseCacheUrl, s.responseCacheTtlMs], ['redis', 'redis://evil.example:6379/0', 30 * 24 * 3600 * 1000]);
  });

  it('bad values fall back to the defaults', () => {
    const s = settingsFrom((key) => ({ globalValue: ({ threshold: -3, historyLimit: 'many', defaultTtl: '2h', requestTimeoutSeconds: 0 } as Record<string, unknown>)[key] }), true);
    assert.equal(s.cache.threshold, 1024);
    assert.equal(s.historyLimit, 500);
    assert.equal(s.cache.defaultTtl, '5m');
    assert.equal(s.requestTimeoutSeconds, 1);
  });

  it('restricts exactly the settings package.json declares restricted', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
    const declared = (manifest.capabilities.untrustedWorkspaces.restrictedConfigurations as string[]).map((k) => k.replace(/^promptCache\./, '')).sort();
    assert.deepEqual([...RESTRICTED_SETTINGS].sort(), declared);
  });
});

describe('declarations in settings', () => {
  const levels: Record<string, SettingLevels> = {
    helpers: { workspaceValue: { upper: 'text', list: 'block', bad: 'nope' } },
    schemas: { workspaceValue: { Recipe: { type: 'object' } } },
    modelMap: { globalValue: { 'openai/gpt-4o': 'mine' }, workspaceValue: { 'openai/gpt-4o': 'theirs' } },
  };
  it('reads helpers and schemas, dropping bad helper kinds', () => {
    const s = settingsFrom((key) => levels[key], true);
    assert.deepEqual(s.declared.helpers, { upper: 'text', list: 'block' });
    assert.deepEqual(s.declared.schemas, { Recipe: { type: 'object' } });
    assert.deepEqual(s.declared.models, { 'openai/gpt-4o': 'theirs' });
  });
  it('an untrusted workspace cannot map models', () => {
    const s = settingsFrom((key) => levels[key], false);
    assert.deepEqual(s.declared.models, { 'openai/gpt-4o': 'mine' });
    assert.equal(s.trusted, false);
  });
});
