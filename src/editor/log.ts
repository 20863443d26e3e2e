/**
 * The extension's log channel. Every line passes through redaction, whatever its source, so a
 * credential inside an error message never reaches the log; prompt text goes to trace level only.
 */
import * as vscode from 'vscode';
import { redactText } from '../aws/redact';

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
    info: (m) => channel.info(redactText(m)),
    warn: (m) => channel.warn(redactText(m)),
    error: (m, e) => channel.error(redactText(e instanceof Error ? `${m}: ${e.message}` : e === undefined ? m : `${m}: ${String(e)}`)),
    trace: (m) => channel.trace(redactText(m)),
    dispose: () => channel.dispose(),
  };
}
