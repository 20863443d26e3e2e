import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import manifest from '../../package.json';
import { activate } from './helpers/extension';

suite('commands', () => {
  test('every command contributed in package.json is registered', async () => {
    await activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed: { command: string }[] = manifest.contributes.commands;
    const missing = contributed.map((entry) => entry.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });
});
