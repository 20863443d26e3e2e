/**
 * Settings that decide where requests go and as whom. In an untrusted workspace VS Code ignores the
 * workspace's own values for the restricted ones (package.json `restrictedConfigurations`), so a
 * cloned repository cannot redirect requests or credentials.
 */
import * as vscode from 'vscode';
import { SECTION } from '../settings';

export type CacheUnsupportedPolicy = 'ask' | 'retryWithout' | 'fail';

export interface RunSettings {
  profile: string;
  region: string;
  endpoint: string;
  defaultModel: string;
  onCacheUnsupported: CacheUnsupportedPolicy;
  historyLimit: number;
  confirmBeforeRun: boolean;
  requestTimeoutSeconds: number;
  partialsPath: string[];
}

export function readRunSettings(scope?: vscode.ConfigurationScope): RunSettings {
  const c = vscode.workspace.getConfiguration(SECTION, scope);
  const policy = c.get<string>('onCacheUnsupported', 'ask');
  return {
    profile: c.get<string>('profile', ''),
    region: c.get<string>('region', ''),
    endpoint: c.get<string>('endpoint', ''),
    defaultModel: c.get<string>('defaultModel', ''),
    onCacheUnsupported: policy === 'retryWithout' || policy === 'fail' ? policy : 'ask',
    historyLimit: Math.max(1, Math.floor(c.get<number>('historyLimit', 500))),
    confirmBeforeRun: c.get<boolean>('confirmBeforeRun', true),
    requestTimeoutSeconds: Math.max(1, c.get<number>('requestTimeoutSeconds', 120)),
    partialsPath: vscode.workspace.isTrusted ? c.get<string[]>('partialsPath') ?? [] : [],
  };
}

/** Settings whose change must rebuild the Bedrock clients. */
export function affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
  return ['profile', 'region', 'endpoint'].some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}

/** One answer everywhere (runs, counts, the status bar, dialogs): file, setting, environment, default. */
export function resolveRegion(fileRegion?: string, settingRegion?: string): string {
  return fileRegion || settingRegion || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1';
}
