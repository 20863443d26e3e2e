/**
 * *Start Local Emulator (Simulated Bedrock)*: runs the bundled Bedrock emulator on 127.0.0.1 as a
 * child process and points `promptCache.endpoint` at it, so a new user sees runs, the cache and
 * the usage panel without an AWS account. Everything about it says "simulated": the status bar,
 * the messages, the walkthrough. Runs to it carry a session token the emulator accepts, never the
 * user's credentials; *Stop Local Emulator* ends it and restores the endpoint setting.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as vscode from 'vscode';
import { SECTION } from '../settings';

/** The bearer token sent to the emulator this session started (it accepts any bearer token). */
export const EMULATOR_TOKEN = 'local-emulator-session';

export class EmulatorSession implements vscode.Disposable {
  private child?: ChildProcess;
  private url?: string;
  private previousEndpoint?: string;

  constructor(private readonly extensionUri: vscode.Uri) {}

  /** The session token when calls go to the emulator this session started; undefined otherwise. */
  tokenFor(endpoint: string): string | undefined {
    return this.url && endpoint === this.url ? EMULATOR_TOKEN : undefined;
  }

  async start(): Promise<string | undefined> {
    if (this.url) {
      void vscode.window.showInformationMessage(`Prompt Cache: the local emulator (simulated Bedrock) is already running at ${this.url}.`);
      return this.url;
    }
    const script = vscode.Uri.joinPath(this.extensionUri, 'dist', 'emulator.js').fsPath;
    const child = spawn(process.execPath, [script, '--port', '0'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const url = await new Promise<string | undefined>((resolve) => {
      let buffer = '';
      const timer = setTimeout(() => resolve(undefined), 10_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(buffer);
        if (match) { clearTimeout(timer); resolve(match[1]); }
      });
      child.on('exit', () => { clearTimeout(timer); resolve(undefined); });
    });
    if (!url) {
      child.kill();
      this.child = undefined;
      void vscode.window.showErrorMessage('Prompt Cache: the local emulator did not start (see Prompt Cache: Show Log).');
      return undefined;
    }
    this.url = url;
    child.on('exit', () => { if (this.child === child) { this.child = undefined; this.url = undefined; } });
    const config = vscode.workspace.getConfiguration(SECTION);
    this.previousEndpoint = config.inspect<string>('endpoint')?.globalValue;
    await config.update('endpoint', url, vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(
      `Prompt Cache: local emulator running at ${url}. Runs are now SIMULATED — no AWS account, no charges; answers are canned text. Stop it to call Amazon Bedrock again.`,
      'Stop Emulator').then((choice) => { if (choice) void this.stop(); });
    return url;
  }

  async stop(): Promise<void> {
    const url = this.url;
    this.child?.kill();
    this.child = undefined;
    this.url = undefined;
    const config = vscode.workspace.getConfiguration(SECTION);
    if (url && config.inspect<string>('endpoint')?.globalValue === url) {
      await config.update('endpoint', this.previousEndpoint || undefined, vscode.ConfigurationTarget.Global);
    }
    void vscode.window.showInformationMessage(url ? 'Prompt Cache: local emulator stopped; runs go to Amazon Bedrock again.' : 'Prompt Cache: no local emulator is running.');
  }

  dispose(): void {
    this.child?.kill();
  }
}
