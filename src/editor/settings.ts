/**
 * The one facade over the `promptCache.*` settings: everything in the editor reads settings through
 * `readSettings`, which applies the workspace-trust rule (see settingsModel.ts) in one place.
 */
import * as vscode from 'vscode';
import { SECTION, settingsFrom, type Settings } from './settingsModel';

export { SECTION, resolveRegion, type Settings } from './settingsModel';

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  return settingsFrom((key) => c.inspect(key), vscode.workspace.isTrusted);
}

export function affectsSettings(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION);
}

/** Settings whose change must rebuild the Bedrock clients. */
export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['profile', 'region', 'endpoint'].some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}
