/** The extension's log channel. Prompt text goes to trace level only; secrets never. */
import * as vscode from 'vscode';

export interface Log extends vscode.Disposable {
  channel: vscode.LogOutputChannel;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  trace(message: string): void;
}

export function createLog(): Log {
  const channel = vscode.window.createOutputChannel('Prompt Cache Studio', { log: true });
  return {
    channel,
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m, e) => channel.error(e instanceof Error ? `${m}: ${e.message}` : e === undefined ? m : `${m}: ${String(e)}`),
    trace: (m) => channel.trace(m),
    dispose: () => channel.dispose(),
  };
}
