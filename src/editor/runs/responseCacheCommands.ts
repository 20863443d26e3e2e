/**
 * The response cache in the editor: its credentials (a user name or password written into
 * `promptCache.responseCacheUrl` is moved to secret storage and removed from the setting, so it is
 * never in a settings file or a log), *Clear Response Cache* and *Show Response Cache Statistics*.
 * Run Prompt Fresh is a run command (runCommands.ts).
 */
import * as vscode from 'vscode';
import { splitUrlCredentials, withUrlCredentials, maskUrlCredentials, type ResponseStore } from '../../node/responseStore';
import type { Log } from '../log';
import { readSettings, SECTION } from '../settings';
import { loadAws } from './awsLoader';
import { requireTrust } from './trust';

export const RESPONSE_CACHE_SECRET = 'promptCache.responseCacheCredentials';

type Credentials = { username?: string; password?: string };

/** Credentials from secret storage, after moving any found in the setting there. */
export async function responseCacheCredentials(context: vscode.ExtensionContext, log: Log): Promise<Credentials | undefined> {
  await moveUrlCredentials(context, log);
  const stored = await context.secrets.get(RESPONSE_CACHE_SECRET);
  if (!stored) return undefined;
  try {
    return JSON.parse(stored) as Credentials;
  } catch {
    return undefined;
  }
}

/** Moves credentials out of the URL setting, at every level that holds some, into secret storage. */
async function moveUrlCredentials(context: vscode.ExtensionContext, log: Log): Promise<void> {
  if (!vscode.workspace.isTrusted) return;
  const config = vscode.workspace.getConfiguration(SECTION);
  const levels = config.inspect<string>('responseCacheUrl');
  const targets: [unknown, vscode.ConfigurationTarget][] = [
    [levels?.globalValue, vscode.ConfigurationTarget.Global],
    [levels?.workspaceValue, vscode.ConfigurationTarget.Workspace],
    [levels?.workspaceFolderValue, vscode.ConfigurationTarget.WorkspaceFolder],
  ];
  for (const [value, target] of targets) {
    if (typeof value !== 'string') continue;
    const split = splitUrlCredentials(value);
    if (!split.username && !split.password) continue;
    await context.secrets.store(RESPONSE_CACHE_SECRET, JSON.stringify({ username: split.username, password: split.password }));
    await config.update('responseCacheUrl', split.url, target);
    log.info(`Response cache: the credentials in promptCache.responseCacheUrl were moved to secret storage (${maskUrlCredentials(value)}).`);
    void vscode.window.showInformationMessage('Prompt Cache: the user name and password in the response cache URL were moved to secret storage and removed from your settings.');
  }
}

async function openStore(context: vscode.ExtensionContext, log: Log): Promise<ResponseStore | undefined> {
  if (!await requireTrust('The response cache')) return undefined;
  const settings = readSettings();
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (settings.responseCache === 'off' || (settings.responseCache === 'file' && !root)) {
    void vscode.window.showInformationMessage('Prompt Cache: the response cache is off (setting promptCache.responseCache), or there is no workspace folder for its files.');
    return undefined;
  }
  const aws = await loadAws();
  let url = settings.responseCacheUrl;
  const credentials = settings.responseCache === 'redis' ? await responseCacheCredentials(context, log) : undefined;
  if (credentials && url) url = withUrlCredentials(url, credentials);
  return aws.openResponseStore(settings.responseCache === 'file' ? { kind: 'file' } : { kind: 'redis', url }, {
    workspaceRoot: root ?? '', ttlMs: settings.responseCacheTtlMs, warn: (m) => log.warn(m),
  });
}

async function withStore(context: vscode.ExtensionContext, log: Log, use: (store: ResponseStore) => Promise<void>): Promise<void> {
  const store = await openStore(context, log).catch((error: Error) => {
    void vscode.window.showErrorMessage(`Prompt Cache: the response cache could not be opened: ${maskUrlCredentials(error.message)}`);
    return undefined;
  });
  if (!store) return;
  try {
    await use(store);
  } catch (error) {
    void vscode.window.showErrorMessage(`Prompt Cache: the response cache (${store.description}) failed: ${maskUrlCredentials((error as Error).message)}`);
  } finally {
    await store.close();
  }
}

export function responseCacheCommands(context: vscode.ExtensionContext, log: Log): Record<string, (...args: unknown[]) => unknown> {
  return {
    'promptCache.clearResponseCache': () => withStore(context, log, async (store) => {
      const removed = await store.clear();
      void vscode.window.showInformationMessage(`Prompt Cache: removed ${removed} response cache entr${removed === 1 ? 'y' : 'ies'} from ${store.description}. Bedrock's prompt cache is not affected.`);
    }),
    'promptCache.showResponseCacheStats': () => withStore(context, log, async (store) => {
      const s = await store.stats();
      const lookups = s.hits + s.misses;
      const text = `Response cache (${store.description}): ${s.hits} replayed, ${s.misses} sent to Bedrock${lookups ? ` (${((100 * s.hits) / lookups).toFixed(0)}% replayed)` : ''}; `
        + `${s.entries} entries, ${(s.storedBytes / 1024).toFixed(1)} KiB; saved $${s.savedUSD.toFixed(4)} and ${(s.savedMs / 1000).toFixed(1)} s of Bedrock calls.`;
      log.info(text);
      void vscode.window.showInformationMessage(`Prompt Cache: ${text}`);
    }),
  };
}
