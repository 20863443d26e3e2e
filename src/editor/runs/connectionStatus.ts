/**
 * Status bar item `$(cloud) profile · region` (warning colour after a credentials failure) and
 * the picker behind it: profile, region, or model (the catalog with cache limits and TTLs).
 */
import * as vscode from 'vscode';
import { MODEL_CATALOG, PROFILE_PREFIXES } from '../../core/modelCatalog';
import { formatTokens } from '../../shared/numberFormat';
import { readSettings, resolveRegion, SECTION } from '../settings';
import { loadAws } from './awsLoader';
import { connectionLabel } from '../connectionLabel';
import { BACK, pickStep } from '../quickPickSteps';

const REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'eu-north-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'sa-east-1', 'us-gov-west-1'];

export class ConnectionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('promptCache.connection', vscode.StatusBarAlignment.Right, 100);
  private failed = false;

  constructor() {
    this.item.name = 'Prompt Cache: Bedrock connection';
    this.item.command = 'promptCache.selectConnection';
    this.update();
  }

  setFailed(failed: boolean): void {
    this.failed = failed;
    this.update();
  }

  update(visible = vscode.window.activeTextEditor?.document.languageId === 'dotprompt'): void {
    const s = readSettings();
    const label = connectionLabel({ profile: s.profile || process.env.AWS_PROFILE || '', region: resolveRegion(undefined, s.region), endpoint: s.endpoint, failed: this.failed });
    this.item.text = label.text;
    this.item.tooltip = label.tooltip;
    this.item.backgroundColor = this.failed ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : label.custom ? new vscode.ThemeColor('statusBarItem.prominentBackground') : undefined;
    if (visible) this.item.show();
    else this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}

export async function pickConnection(): Promise<void> {
  const title = 'Prompt Cache: Bedrock connection';
  const config = vscode.workspace.getConfiguration(SECTION);
  // Each second step has a back button to this first one. Written to user settings: a
  // connection is the user's, not the repository's.
  for (;;) {
    const choice = await pickStep<'profile' | 'region' | 'model'>(title, 1, 2, [
      { label: '$(account) Profile', value: 'profile', description: readSettings().profile || 'default chain' },
      { label: '$(globe) Region', value: 'region', description: readSettings().region || 'from the environment' },
      { label: '$(hubot) Default model', value: 'model', description: readSettings().defaultModel || 'none' },
    ], false);
    if (choice === undefined || choice === BACK) return;
    let picked: string | typeof BACK | undefined;
    if (choice === 'profile') {
      const profiles = await (await loadAws()).listProfiles();
      picked = await pickStep(`${title}: AWS profile`, 2, 2, [{ label: '(default credential chain)', value: '' }, ...profiles.map((p) => ({ label: p.name, description: p.kind, value: p.name }))], true);
    } else if (choice === 'region') {
      picked = await pickStep(`${title}: region`, 2, 2, REGIONS.map((r) => ({ label: r, value: r })), true);
    } else {
      picked = await pickStep(`${title}: default model`, 2, 2, MODEL_CATALOG.map((row) => ({
        label: row.name, description: row.id,
        detail: `min ${formatTokens(row.minTokens)} tokens per cache point · ${row.maxPoints} points · ${row.ttls.join('/')} · ${row.fields.join(', ')}${row.requiresProfile ? ` · needs a profile: ${PROFILE_PREFIXES.filter((p) => p === 'us' || p === 'eu' || p === 'global').map((p) => `${p}.`).join(' ')}` : ''}`,
        value: row.requiresProfile ? `us.${row.id}` : row.id,
      })), true);
    }
    if (picked === BACK) continue;
    if (picked !== undefined) await config.update(choice === 'model' ? 'defaultModel' : choice, picked, vscode.ConfigurationTarget.Global);
    return;
  }
}
