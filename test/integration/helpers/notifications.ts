// Commands that end by showing a notification with buttons (a refusal, an error) return only once
// it is closed. Nobody clicks in a headless run: close notifications until the command returns.
import * as vscode from 'vscode';
import { poll } from './wait';

export async function runDismissingNotifications<T>(command: string, ...args: unknown[]): Promise<T | undefined> {
  let settled = false;
  const result = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => { settled = true; });
  await poll(`${command} to return`, async () => {
    if (settled) return true;
    await vscode.commands.executeCommand('notifications.clearAll');
    return undefined;
  });
  return result;
}
